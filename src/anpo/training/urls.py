from django.urls import path

from anpo.training import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("courses/<slug:slug>/", views.course_detail, name="course"),
    path("courses/<slug:slug>/quiz/", views.quiz_start, name="quiz_start"),
    path("courses/<slug:slug>/lessons/<slug:lesson_slug>/", views.lesson_detail, name="lesson"),
    path("lessons/<int:pk>/captions/<str:language>.vtt", views.caption_file, name="caption"),
    path("lessons/<int:pk>/video/", views.video_file, name="video"),
    path("lessons/<int:pk>/scorm/commit/", views.scorm_commit, name="scorm_commit"),
    path("scorm/<int:pk>/<path:path>", views.scorm_file, name="scorm_file"),
    path("attempts/", views.attempt_list, name="attempts"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("certificates/<str:code>.pdf", views.certificate_pdf_view, name="certificate_pdf"),
    path("certificates/<str:code>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("record/", views.person_record, name="my_record"),
    path("people/<int:pk>/record/", views.person_record, name="person_record"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("assignments/", views.assignment_list, name="assignments"),
    path("assignments/<int:pk>/end/", views.assignment_deactivate, name="assignment_deactivate"),
    path("manage/", views.manage, name="manage"),
    path("manage/courses/new/", views.course_edit, name="course_new"),
    path("manage/courses/import/", views.course_import, name="course_import"),
    path("manage/scorm/import/", views.scorm_import, name="scorm_import"),
    path("manage/courses/<slug:slug>/", views.course_edit, name="course_edit"),
    path("manage/courses/<slug:slug>/versions/", views.course_versions, name="course_versions"),
    path(
        "manage/courses/<slug:slug>/versions/<int:number>/",
        views.course_version,
        name="course_version",
    ),
    path("manage/courses/<slug:slug>/export/", views.course_export, name="course_export"),
    path("manage/courses/<slug:slug>/modules/new/", views.module_create, name="module_new"),
    path("manage/courses/<slug:slug>/lessons/new/", views.lesson_edit, name="lesson_new"),
    path("manage/courses/<slug:slug>/lessons/<int:pk>/", views.lesson_edit, name="lesson_edit"),
    path("manage/courses/<slug:slug>/questions/new/", views.question_edit, name="question_new"),
    path(
        "manage/courses/<slug:slug>/questions/<int:pk>/", views.question_edit, name="question_edit"
    ),
    path(
        "manage/courses/<slug:slug>/modules/<int:pk>/remove/",
        views.module_remove,
        name="module_remove",
    ),
    path(
        "manage/courses/<slug:slug>/modules/<int:pk>/move/", views.module_move, name="module_move"
    ),
    path(
        "manage/courses/<slug:slug>/lessons/<int:pk>/remove/",
        views.lesson_remove,
        name="lesson_remove",
    ),
    path(
        "manage/courses/<slug:slug>/lessons/<int:pk>/move/", views.lesson_move, name="lesson_move"
    ),
    path(
        "manage/courses/<slug:slug>/questions/<int:pk>/remove/",
        views.question_remove,
        name="question_remove",
    ),
]
