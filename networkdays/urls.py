from django.urls import path

from . import (
    views,
    views_attendees,
    views_meetings,
    views_registrations,
    views_rsvp,
    views_status,
)

app_name = "networkdays"

urlpatterns = [
    path("", views.network_day_list, name="list"),
    path("new/", views.network_day_create, name="create"),
    path("<id:pk>/", views.network_day_detail, name="detail"),
    path("<id:pk>/edit/", views.network_day_edit, name="edit"),
    path("<id:pk>/cancel/", views.network_day_cancel, name="cancel"),
    path("<id:pk>/publish/", views_status.network_day_publish, name="publish"),
    path("<id:pk>/unpublish/", views_status.network_day_unpublish, name="unpublish"),
    path("<id:pk>/restore/", views_status.network_day_restore, name="restore"),
    path("<id:pk>/calendar.ics", views.network_day_ics_view, name="ics"),
    path("<id:pk>/register/", views.register, name="register"),
    path("<id:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<id:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<id:pk>/delete/", views.session_delete, name="session_delete"),
    path(
        "registrations/<id:pk>/",
        views_registrations.registration_detail,
        name="registration_detail",
    ),
    path(
        "registrations/<id:pk>/cancel/",
        views_registrations.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "registrations/<id:pk>/substitute/",
        views.registration_substitute,
        name="registration_substitute",
    ),
    path("<id:pk>/attendees/", views_attendees.attendee_list, name="attendees"),
    path("<id:pk>/attendees.csv", views_attendees.attendee_export_csv, name="attendees_csv"),
    path("<id:pk>/attendees.xlsx", views_attendees.attendee_export_xlsx, name="attendees_xlsx"),
    path("<id:pk>/check-in/", views_attendees.check_in, name="check_in"),
    path(
        "registrations/<id:pk>/check-in/",
        views_attendees.registration_check_in,
        name="registration_check_in",
    ),
    path(
        "registrations/<id:pk>/undo-check-in/",
        views_attendees.registration_undo_check_in,
        name="registration_undo_check_in",
    ),
    path("<id:pk>/attendance/", views_attendees.day_attendance, name="day_attendance"),
    path("attendance/<int:year>/", views_attendees.year_attendance, name="year_attendance"),
    path("calendar/", views_meetings.my_calendar, name="my_calendar"),
    path("calendar/new-address/", views_meetings.calendar_feed_regenerate, name="feed_regenerate"),
    path("calendar/switch-off/", views_meetings.calendar_feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", views_meetings.calendar_feed, name="feed"),
    path("meetings/new/", views_meetings.meeting_create, name="meeting_create"),
    path("meetings/<id:pk>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/calendar.ics", views_meetings.meeting_ics, name="meeting_ics"),
    path("meetings/<id:pk>/answer/", views_rsvp.meeting_answer_view, name="meeting_answer"),
    path("meetings/<id:pk>/rsvp/<str:token>/", views_rsvp.meeting_rsvp, name="meeting_rsvp"),
    path("meetings/<id:pk>/attendance/", views_rsvp.meeting_attendance, name="meeting_attendance"),
]
