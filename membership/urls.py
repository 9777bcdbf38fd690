from . import urls_applications, urls_contributions

app_name = "membership"

# /membership/ … : criteria and applications, then contributions and the budget.
urlpatterns = [*urls_applications.urlpatterns, *urls_contributions.urlpatterns]
