from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Resilience Hub system administration"
admin.site.site_title = "Resilience Hub administration"
admin.site.index_title = "Hubs, accounts and configuration"

urlpatterns = [
    path("", include("resiliencehub.core.urls")),
    path("accounts/", include("resiliencehub.accounts.urls")),
    path("system-admin/", admin.site.urls),
    path("", include("resiliencehub.hub.urls")),
]

handler400 = "resiliencehub.core.views.bad_request"
handler403 = "resiliencehub.core.views.permission_denied"
handler404 = "resiliencehub.core.views.page_not_found"
handler500 = "resiliencehub.core.views.server_error"
