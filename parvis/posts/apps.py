from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "parvis.posts"
    label = "posts"

    def ready(self):
        from parvis.core.media import register_carrier

        from .kinds import register
        from .models import Attachment, Post

        register()
        # A photo is served to whoever may read its post now (the space's rule, published posts only).
        register_carrier(
            "post-photo",
            model=Attachment,
            readable=lambda user: Attachment.objects.filter(post__in=Post.objects.visible_to(user)),
            fields=("image", "image_medium", "image_small"),
        )

        # Its lines in the register of personal data (parvis/core/personal_data.py).
        from . import personal_data as register_of_personal_data

        register_of_personal_data.register()
