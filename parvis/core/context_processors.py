from django.conf import settings


def instance(request):
    return {"site_name": settings.PARVIS_SITE_NAME}
