"""The one place that answers "may this user do this to this object".

Roles are data (members.Role, with start and end dates); this module reads the
current ones once per request and answers questions object by object. Views never
look at roles themselves: they call an access helper (``get_<thing>_for_user``)
that uses these answers and raises 404 (another city's object) or 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

from .constants import BoardPosition, Function, RoleKind

if TYPE_CHECKING:
    from .models import City, Person, Role

_CACHE_ATTRIBUTE = "_g40_permissions"

# Roles bound to the holder's own city. Every other role acts across the network (the
# secretariat, the DB, a pillar's chair or secretary, the lobby coordinator, the event
# bureau, and any kind added later): a login with one reads what no city reads, so its
# e-mail address and invitation are the secretariat's act, never a city contact's
# (issue 22, item 2).
CITY_BOUND_ROLES = frozenset(
    {
        RoleKind.CITY_CONTACT,
        RoleKind.CITY_OFFICIAL,
        RoleKind.GRIFFIER,
        RoleKind.COLLEGE_CONTACT,
    }
)
NETWORK_WIDE_ROLES = frozenset(RoleKind.values) - CITY_BOUND_ROLES


def holds_network_wide_role(person: Person) -> bool:
    """Whether ``person`` holds, now or from a later day, a role that is not bound to
    their city, or has a login that enters the admin (staff, superuser). A role that
    has ended counts no more; one that starts tomorrow counts already."""
    from django.db.models import Q

    from .models import Role

    user = getattr(person, "user", None) if person.user_id else None
    if user is not None and (user.is_staff or user.is_superuser):
        return True
    return (
        Role.objects.filter(person_id=person.pk, kind__in=NETWORK_WIDE_ROLES)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()))
        .exists()
    )


@dataclass(frozen=True)
class Permissions:
    """What one user may do, derived from the roles they hold today."""

    person: Person | None = None
    roles: tuple[Role, ...] = ()
    kinds: frozenset[str] = field(default_factory=frozenset)
    pillars_as_secretary: frozenset[int] = field(default_factory=frozenset)
    pillars_as_chair: frozenset[int] = field(default_factory=frozenset)

    # --- who this is -------------------------------------------------------
    @property
    def city_id(self) -> int | None:
        return self.person.city_id if self.person else None

    @property
    def is_secretariat(self) -> bool:
        return RoleKind.SECRETARIAT in self.kinds

    @property
    def is_db_member(self) -> bool:
        return RoleKind.DB_MEMBER in self.kinds

    @property
    def is_pillar_secretary(self) -> bool:
        return bool(self.pillars_as_secretary)

    @property
    def is_city_contact(self) -> bool:
        return RoleKind.CITY_CONTACT in self.kinds

    @property
    def is_lobby_coordinator(self) -> bool:
        return RoleKind.LOBBY_COORDINATOR in self.kinds

    @property
    def is_event_bureau(self) -> bool:
        return RoleKind.EVENT_BUREAU in self.kinds

    @property
    def is_db_chair(self) -> bool:
        """The DB's chair: a current DB role with the board position "chair"."""
        return any(
            role.kind == RoleKind.DB_MEMBER and role.board_position == BoardPosition.CHAIR
            for role in self.roles
        )

    def is_secretary_of_pillar(self, pillar_id: int | None) -> bool:
        return pillar_id is not None and pillar_id in self.pillars_as_secretary

    def is_in_city(self, city_id: int | None) -> bool:
        return city_id is not None and self.city_id == city_id

    def is_contact_for_city(self, city_id: int | None) -> bool:
        """A city contact acts for their own city only."""
        return self.is_city_contact and self.is_in_city(city_id)

    # --- reading the network ------------------------------------------------
    @property
    def may_read_network(self) -> bool:
        """The one read policy: the network's pages (cities, pillars, days, meetings,
        theme groups, …) are for users who hold a current role. A signed-in account
        without one (a role ended, not yet given) sees only its own account pages and
        the dashboard, which says so."""
        return bool(self.kinds)

    @property
    def may_read_audit(self) -> bool:
        """The audit trail: who changed what, when (the secretariat)."""
        return self.is_secretariat

    @property
    def may_see_failed_mails(self) -> bool:
        """Mails the outbox gave up on (the dashboard's count, the admin's list)."""
        return self.is_secretariat

    @property
    def may_use_admin(self) -> bool:
        """The admin is the secretariat's tool."""
        return self.is_secretariat

    # --- cities and people -------------------------------------------------
    def may_view_city_private(self, city: City) -> bool:
        """Contact details of a city's people: own city and the secretariat only."""
        return self.is_secretariat or self.is_in_city(city.pk)

    def may_manage_people_of(self, city: City) -> bool:
        return self.is_secretariat or self.is_contact_for_city(city.pk)

    def may_manage_person(self, person: Person) -> bool:
        return self.is_secretariat or self.is_contact_for_city(person.city_id)

    def may_act_for_person(self, person: Person) -> bool:
        """Register, cancel or substitute on someone's behalf: oneself, the contact of
        one's own city, or the secretariat."""
        if self.person is not None and self.person.pk == person.pk:
            return True
        return self.may_manage_person(person)

    def may_manage_login_of(self, person: Person) -> bool:
        """Change the e-mail address of a person (the address a login is reached by),
        invite them to log in or send the invitation again: the secretariat; the contact
        of the person's city only for a colleague without a network-wide role
        (``NETWORK_WIDE_ROLES``, ``holds_network_wide_role``). Otherwise a city contact
        could point the login of a DB member to an address of their own."""
        if self.is_secretariat:
            return True
        return self.is_contact_for_city(person.city_id) and not holds_network_wide_role(person)

    def may_invite_person(self, person: Person) -> bool:
        """Invite a colleague by mail to log in (a login of their own), or again:
        ``may_manage_login_of``."""
        return self.may_manage_login_of(person)

    def may_handle_login_request(self, city_id: int | None) -> bool:
        """Someone the city's provider logged in but the city does not list asked to be
        added (accounts.LoginRequest): the city's contact handles it, or the secretariat
        (also a request no single city could be told for)."""
        return self.is_secretariat or self.is_contact_for_city(city_id)

    @property
    def may_erase_person(self) -> bool:
        """Erasing a person and their login (AVG art. 17): the secretariat only."""
        return self.is_secretariat

    def may_view_person(self, person: Person) -> bool:
        return self.may_act_for_person(person) or self.is_in_city(person.city_id)

    # --- network days ------------------------------------------------------
    @property
    def may_manage_network_days(self) -> bool:
        return self.is_secretariat

    @property
    def may_see_attendees(self) -> bool:
        return self.is_secretariat or self.is_event_bureau

    def may_manage_digital_meetings_of(self, pillar_id: int | None) -> bool:
        """Digital meetings of a pillar (or of a theme group it leads): the secretariat
        and that pillar's secretary."""
        return self.is_secretariat or self.is_secretary_of_pillar(pillar_id)

    @property
    def may_create_digital_meetings(self) -> bool:
        return self.is_secretariat or self.is_pillar_secretary

    @property
    def may_answer_digital_meetings(self) -> bool:
        """Answer an invitation (yes / no / maybe) on the meeting's page: for oneself only,
        so a login with a person. Without login, the signed RSVP link is the key."""
        return self.person is not None

    def may_record_meeting_attendance(self, pillar_id: int | None) -> bool:
        """Who attended a digital meeting: its organisers (the pillar's secretary, the
        secretariat), the same people who plan it."""
        return self.may_manage_digital_meetings_of(pillar_id)

    @property
    def may_plan_meetings_for_pillars(self) -> frozenset[int] | None:
        """The pillars (and so the theme groups they lead) whose digital meetings the user
        may plan: all (None) for the secretariat, else the pillars they are secretary of."""
        return None if self.is_secretariat else self.pillars_as_secretary

    @property
    def may_register_for_network_days(self) -> bool:
        """Register someone for a network day: a person registers themselves, a city
        contact their colleagues, the secretariat anyone."""
        return self.person is not None or self.is_secretariat

    @property
    def may_register_others(self) -> bool:
        """Register, cancel or pass on a colleague's place (not only one's own)."""
        return self.is_secretariat or self.is_city_contact

    def may_act_for_people(self):
        """``may_act_for_person`` for lists, as a filter on Person: everyone for the
        secretariat, one's own city for a city contact, oneself, or nobody."""
        from django.db.models import Q

        if self.is_secretariat:
            return Q()
        own = Q(pk=self.person.pk) if self.person is not None else Q(pk__in=[])
        if self.is_city_contact:
            return own | Q(city_id=self.city_id)
        return own

    def may_see_registrations_where(self, person: str = "person"):
        """Whose registrations the user's own pages list (the day page, the dashboard),
        as a filter on registrations through the field ``person``: one's own, and for a
        city contact the colleagues' of the same city (never another city's). Everyone's
        is the attendee list (``may_see_attendees``), not these lists."""
        from django.db.models import Q

        if self.is_city_contact:
            return Q(**{f"{person}__city_id": self.city_id})
        if self.person is not None:
            return Q(**{f"{person}_id": self.person.pk})
        return Q(pk__in=[])

    def may_read_registrations_where(self, person: str = "person"):
        """The registrations a user reads through the API (``api``), as a filter through
        the field ``person``: everyone's for those who see the attendee lists
        (``may_see_attendees``), else those the user's own pages list
        (``may_see_registrations_where``). No rule of its own: the two above, joined."""
        from django.db.models import Q

        if self.may_see_attendees:
            return Q()
        return self.may_see_registrations_where(person)

    def may_substitute_registrant(self, person: Person) -> bool:
        """Pass a registration on to a colleague: the contact of the registrant's city
        or the secretariat; not the registrant themselves."""
        return self.is_secretariat or self.is_contact_for_city(person.city_id)

    @property
    def may_manage_registrations(self) -> bool:
        """Cancel or pass on anyone's registration from the attendee list; the event
        bureau only reads it."""
        return self.is_secretariat

    def may_manage_calendar_feed_of(self, person: Person | None) -> bool:
        """A calendar subscription: one's own only (a bare login has none)."""
        return person is not None and self.person is not None and self.person.pk == person.pk

    # --- theme groups ------------------------------------------------------
    # Reading a theme group (its list, its page, its meetings) is ``may_read_network``:
    # the one read policy, no rule of its own.
    @property
    def may_decide_reviews(self) -> bool:
        """Approve or refuse a proposal, extend or end a group: the DB only."""
        return self.is_db_member

    @property
    def may_see_review_queue(self) -> bool:
        """The review queue: the DB decides from it; the secretariat looks along."""
        return self.may_decide_reviews or self.is_secretariat

    def may_assign_support(self, lead_pillar_id: int | None) -> bool:
        """Support for a group: its lead pillar's secretary or the secretariat."""
        return self.is_secretariat or self.is_secretary_of_pillar(lead_pillar_id)

    @property
    def may_assign_support_everywhere(self) -> bool:
        """Support for every pillar's groups (not only one's own pillar's)."""
        return self.is_secretariat

    @property
    def may_propose_theme_groups(self) -> bool:
        """Propose a group at all: the secretariat and pillar secretaries."""
        return self.is_secretariat or self.is_pillar_secretary

    def may_propose_theme_group_for(self, lead_pillar_id: int | None) -> bool:
        """Propose a group led by this pillar: its secretary or the secretariat."""
        return self.is_secretariat or self.is_secretary_of_pillar(lead_pillar_id)

    def may_manage_theme_group(self, lead_pillar_id: int | None) -> bool:
        """Members of a group: the lead pillar's secretary or the secretariat."""
        return self.may_assign_support(lead_pillar_id)

    def may_edit_theme_group(self, lead_pillar_id: int | None) -> bool:
        """A group's mandate (goal, expected result) and pillars: the lead pillar's
        secretary or the secretariat. Moving the lead to another pillar asks this for
        the new pillar too."""
        return self.is_secretariat or self.is_secretary_of_pillar(lead_pillar_id)

    @property
    def may_view_support_overview(self) -> bool:
        """The support page: pillar secretaries, the secretariat and the DB."""
        return self.is_secretariat or self.is_pillar_secretary or self.is_db_member

    @property
    def may_view_support_of_all_pillars(self) -> bool:
        """The support page covers every pillar for the secretariat and the DB; a pillar
        secretary sees their own pillars' groups."""
        return self.is_secretariat or self.is_db_member

    @property
    def may_watch_pillar_support(self) -> bool:
        """The dashboard counts groups without support in the pillars one is secretary
        of (``pillars_as_secretary``)."""
        return self.is_pillar_secretary

    # --- member letters (letters) ----------------------------------------------
    # The public archive, its feed, its PDFs and the subscription pages need no login
    # and ask nothing here.
    @property
    def may_read_letter_drafts(self) -> bool:
        """Drafts, approvals and the election lists: the secretariat and the DB."""
        return self.is_secretariat or self.is_db_member

    @property
    def may_draft_letters(self) -> bool:
        """Draft and edit a member letter (and errata, introduction letters): the
        secretariat."""
        return self.is_secretariat

    @property
    def may_approve_letters(self) -> bool:
        """Approve a letter for sending: the DB's chair only, also for a letter one
        drafted oneself (drafting as the secretariat gives no approval)."""
        return self.is_db_chair

    @property
    def may_ask_cities_for_addressees(self) -> bool:
        """Ask the city contacts of member cities without a council clerk or college
        contact to name them (a mail each): the secretariat."""
        return self.is_secretariat

    @property
    def may_manage_elections(self) -> bool:
        """Mark an election date and record who has been confirmed since: the
        secretariat."""
        return self.is_secretariat

    # --- membership: contributions and budget -----------------------------------
    @property
    def may_view_contributions(self) -> bool:
        """Every member's statements of a year, the year's total, the treasurer's
        spreadsheet, the rates and the budget: the secretariat and the DB (which
        decides the rates and the budget)."""
        return self.is_secretariat or self.is_db_member

    @property
    def may_manage_contributions(self) -> bool:
        """Record the DB's rate decisions, issue and credit statements, correct a price
        index figure, set the budget: the secretariat (it records what the DB decided)."""
        return self.is_secretariat

    def may_view_statements_of(self, city_id: int | None) -> bool:
        """A city's statements (its page's section, a statement's PDF): the city's own
        people, the secretariat and the DB; never another city's people."""
        return self.may_view_contributions or self.is_in_city(city_id)

    def may_see_statements_where(self, city: str = "city"):
        """``may_view_statements_of`` for lists, as a filter through the field ``city``:
        all statements for the secretariat and the DB, else one's own city's."""
        from django.db.models import Q

        if self.may_view_contributions:
            return Q()
        if self.city_id is not None:
            return Q(**{f"{city}_id": self.city_id})
        return Q(pk__in=[])

    # --- participation -----------------------------------------------------
    # Figures are per city, never per person: no league table of people.
    @property
    def may_view_participation(self) -> bool:
        """The network's participation page, every member city: the DB and the
        secretariat."""
        return self.is_secretariat or self.is_db_member

    def may_view_city_participation(self, city: City) -> bool:
        """One city's participation figures: the city's own people, the secretariat and
        the DB."""
        return self.may_view_participation or self.is_in_city(city.pk)

    @property
    def may_set_invisibility_rule(self) -> bool:
        """The rule that marks a city "onzichtbaar" (invisible): the DB sets it."""
        return self.is_db_member

    @property
    def may_view_invisible_cities(self) -> bool:
        """The cities the rule matches, and the notes on them: the DB and the
        secretariat."""
        return self.may_view_participation

    @property
    def may_write_participation_notes(self) -> bool:
        """A city's note (what the DB learned about its participation): the DB and the
        secretariat."""
        return self.is_secretariat or self.is_db_member

    # --- membership: criteria and applications ---------------------------------------
    # The criteria (the membership page) follow the one read policy: the network's shared
    # basis, no rule of its own.
    @property
    def may_view_applications(self) -> bool:
        """Applications with their evidence, letter and contact: the DB, which advises,
        and the secretariat, which prepares them."""
        return self.is_secretariat or self.is_db_member

    @property
    def may_record_applications(self) -> bool:
        """Record an application as received and write its notes per criterion."""
        return self.is_secretariat

    @property
    def may_advise_on_applications(self) -> bool:
        """Step 2: the DB's advice."""
        return self.is_db_member

    @property
    def may_record_decisions(self) -> bool:
        """Step 3: the AB's decision, recorded by the secretariat (the AB meets; the
        secretariat keeps its record)."""
        return self.is_secretariat

    @property
    def may_correct_application_steps(self) -> bool:
        """A recorded correction of a mistaken advice or decision: the secretariat,
        which records the steps."""
        return self.is_secretariat

    @property
    def may_enter_indicator_values(self) -> bool:
        """Indicator values per municipality (a form, or a CSV import)."""
        return self.is_secretariat

    @property
    def may_see_membership_dates(self) -> bool:
        """A city's membership dates on its page: everyone who reads the network."""
        return self.may_read_network

    # --- lobby --------------------------------------------------------------
    # Reading dossiers and positions is ``may_read_network``: the network's members.
    def is_chair_of_pillar(self, pillar_id: int | None) -> bool:
        return pillar_id is not None and pillar_id in self.pillars_as_chair

    def may_write_lobby_text_of(self, pillar_id: int | None) -> bool:
        """A dossier's content (positions, moments and their text) belongs to its pillar:
        that pillar's secretary or chair proposes and words it; the coordinator does
        not ("without taking over the content")."""
        return self.is_secretary_of_pillar(pillar_id) or self.is_chair_of_pillar(pillar_id)

    @property
    def may_open_dossiers(self) -> bool:
        """Open a dossier at all: the coordinator, the secretariat, a pillar's secretary
        or chair (for their own pillar, see ``may_open_dossier_for``)."""
        return (
            self.is_lobby_coordinator
            or self.is_secretariat
            or bool(self.pillars_as_secretary | self.pillars_as_chair)
        )

    def may_open_dossier_for(self, pillar_id: int | None) -> bool:
        return (
            self.is_lobby_coordinator
            or self.is_secretariat
            or self.may_write_lobby_text_of(pillar_id)
        )

    def may_word_dossier_of(self, pillar_id: int | None) -> bool:
        """A dossier's own words once it is open — its subject and the note on the VNG
        alignment: the owning pillar (and the secretariat, which keeps the record); not
        the coordinator, who never touches the content (issue 22, item 6)."""
        return self.is_secretariat or self.may_write_lobby_text_of(pillar_id)

    def may_edit_dossier(self, pillar_id: int | None) -> bool:
        """Status, targets, carriers and the VNG alignment: the coordinator, the
        secretariat and the owning pillar."""
        return self.may_open_dossier_for(pillar_id)

    @property
    def may_coordinate_lobby(self) -> bool:
        """Schedule moments and route positions and moments to the DB."""
        return self.is_lobby_coordinator

    @property
    def may_decide_lobby(self) -> bool:
        """Agree a position, decide on a moment, acknowledge a deviation notice: the DB."""
        return self.is_db_member

    def may_record_stance_for(self, city_id: int | None) -> bool:
        """A city's stance and its deviation notice: its contact or the secretariat."""
        return self.is_secretariat or self.is_contact_for_city(city_id)

    @property
    def may_see_all_notices(self) -> bool:
        """Every city's deviation notices: the DB, the coordinator, the secretariat."""
        return self.is_db_member or self.is_lobby_coordinator or self.is_secretariat

    def may_see_notices_of(self, city_id: int | None) -> bool:
        """A city's deviation notices and their explanation: those above and the city's
        own people; nothing public."""
        return self.may_see_all_notices or self.is_in_city(city_id)

    def may_see_notices_where(self, city: str = "city"):
        """``may_see_notices_of`` for lists, as a filter through the field ``city``."""
        from django.db.models import Q

        if self.may_see_all_notices:
            return Q()
        if self.city_id is not None:
            return Q(**{f"{city}_id": self.city_id})
        return Q(pk__in=[])

    def may_record_city_action_for(self, city_id: int | None) -> bool:
        """A city's own lobby action: the city's contact, the coordinator, the
        secretariat."""
        return self.is_lobby_coordinator or self.may_record_stance_for(city_id)

    @property
    def may_record_city_actions(self) -> bool:
        return self.is_lobby_coordinator or self.is_secretariat or self.is_city_contact

    # --- knowledge products (knowledge) ---------------------------------------
    # Reading the products and their files is ``may_read_network`` (members-only files
    # too); public products are also in the public archive, which asks nothing here.
    # A session has no speaker account in the model: a day's presentations are added by
    # the session's pillar secretary (a group's session: the lead pillar's) or the
    # secretariat, on the speaker's behalf.
    @property
    def may_add_knowledge(self) -> bool:
        """Add a product at all: the secretariat and pillar secretaries."""
        return self.is_secretariat or self.is_pillar_secretary

    def may_add_knowledge_for(self, owner_pillar_id: int | None) -> bool:
        """Add or change a product (and its files) of this pillar (its own, its theme
        groups', its sessions'): that pillar's secretary or the secretariat. Products
        of the knowledge partner or an outside bureau (no pillar): the secretariat."""
        return self.is_secretariat or self.is_secretary_of_pillar(owner_pillar_id)

    def may_edit_knowledge(self, owner_pillar_id: int | None) -> bool:
        return self.may_add_knowledge_for(owner_pillar_id)

    @property
    def may_follow_knowledge(self) -> bool:
        """Follow a pillar or group for the weekly mail of new products: whoever reads
        the network."""
        return self.may_read_network

    # --- the API (api) --------------------------------------------------------------
    @property
    def may_hold_api_tokens(self) -> bool:
        """Personal API tokens (made on one's account page) act as their owner: for those
        who read the network (the one read policy). A token of someone who loses every
        role stops working at once, as the pages do (``api.access``)."""
        return self.may_read_network


ANONYMOUS = Permissions()


# Whom each kind of network day is for, by a person's function (the kinds are the values
# of ``networkdays.constants.NetworkDayKind``; the core names them as text). A bestuurlijke
# day is for mayors and aldermen (domain.md); a kind not listed is open to every function.
NETWORK_DAY_AUDIENCES: dict[str, frozenset[str]] = {
    "bestuurlijk": frozenset({Function.MAYOR, Function.ALDERMAN}),
}


def may_attend_network_day(person: Person, day_kind: str) -> bool:
    """May ``person`` hold a place at a network day of ``day_kind`` (whoever registers
    them): only the functions the day is for."""
    audience = NETWORK_DAY_AUDIENCES.get(day_kind)
    return audience is None or person.function in audience


def network_day_audience_filter(day_kind: str, person: str = ""):
    """``may_attend_network_day`` for lists, as a filter on Person (or through the
    field ``person``)."""
    from django.db.models import Q

    audience = NETWORK_DAY_AUDIENCES.get(day_kind)
    if audience is None:
        return Q()
    prefix = f"{person}__" if person else ""
    return Q(**{f"{prefix}function__in": sorted(audience)})


def permissions_for(user) -> Permissions:
    """The user's permissions: computed once per request (kept on the user object,
    which is loaded for each request), from a fixed number of queries. Ending a role
    takes effect on the next request; roles start and end by date."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    computed = getattr(user, _CACHE_ATTRIBUTE, None)
    if computed is None:
        computed = _compute(user)
        setattr(user, _CACHE_ATTRIBUTE, computed)
    return computed


def _compute(user) -> Permissions:
    from .models import Person, Role

    person = Person.objects.select_related("city").filter(user=user).first()
    roles: tuple[Role, ...] = ()
    if person is not None:
        roles = tuple(
            Role.objects.current(timezone.localdate())
            .filter(person=person)
            .select_related("pillar")
        )
    kinds = {role.kind for role in roles}
    if user.is_superuser:
        # A superuser made with createsuperuser acts as the secretariat.
        kinds.add(RoleKind.SECRETARIAT)
    return Permissions(
        person=person,
        roles=roles,
        kinds=frozenset(kinds),
        pillars_as_secretary=frozenset(
            role.pillar_id for role in roles if role.kind == RoleKind.PILLAR_SECRETARY
        ),
        pillars_as_chair=frozenset(
            role.pillar_id for role in roles if role.kind == RoleKind.PILLAR_CHAIR
        ),
    )
