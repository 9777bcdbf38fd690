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
