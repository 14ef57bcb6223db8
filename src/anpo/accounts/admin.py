from django.contrib import admin

from anpo.accounts.models import OrgUnit, RoleAssignment, User

# The Django admin is for system administrators' emergencies; day-to-day
# administration uses anpo's own screens, which write audit events.
admin.site.register(OrgUnit)
admin.site.register(User)
admin.site.register(RoleAssignment)
