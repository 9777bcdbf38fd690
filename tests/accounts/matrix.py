from tests.matrix import Entry

ENTRIES = [
    Entry("accounts:overview"),
    Entry("accounts:password_change"),
    Entry("accounts:totp_setup"),
    Entry("accounts:totp_qr", default=404, label="no device being set up"),
    Entry("accounts:otp_verify", default=302, label="nothing to verify"),
    Entry("accounts:recovery_codes_new", method="post", default=403, label="no second factor"),
    Entry("accounts:second_factor_off", method="post", default=302),
    Entry("accounts:my_data", method="post", expect={"no_role": 404}),
    Entry("accounts:security_log", default=403, expect={"secretariat": 200}),
    Entry(
        "accounts:email_confirm",
        default=404,
        kwargs=lambda world: {"token": "no-such-token"},
        label="an unknown token",
    ),
]

# Logging in with the city's own account (issue 26). Start, callback and the "unknown"
# page are public (tests/matrix.py); without a provider's answer they refuse or send
# back to the login page.
ENTRIES += [
    Entry("accounts:oidc_start", method="post", default=400, label="no address or city"),
    Entry("accounts:oidc_callback", default=400, label="no state of this browser"),
    Entry("accounts:oidc_unknown", default=302, label="no unknown login in the session"),
    Entry(
        "accounts:login_request_handled",
        method="post",
        default=404,
        kwargs=lambda world: {"pk": 999_999},
        label="no such request",
    ),
]
