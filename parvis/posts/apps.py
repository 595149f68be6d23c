from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "parvis.posts"
    label = "posts"
