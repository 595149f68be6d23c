from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "parvis.posts"
    label = "posts"

    def ready(self):
        from .kinds import register

        register()
