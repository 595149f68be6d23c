"""The post page shows its comments in pages of threads: bounded queries, every comment reachable once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parvis.posts.models import Comment, Post
from parvis.posts.services import comment_create
from parvis.posts.views import COMMENT_PAGE_SIZE


def add_comments(post, author, count):
    """`count` comments, one reply for every third thread; counters kept as the services keep them."""
    made = []
    for n in range(count):
        parent = made[-1] if n % 3 == 2 and made and made[-1].parent_id is None else None
        made.append(Comment.objects.create(post=post, author=author, parent=parent, body=f"c{n}", body_html=f"c{n}"))
    Post.objects.filter(pk=post.pk).update(comment_count=count)
    return made


def walk(client, post):
    """Every page of comments from the first through the 'More comments' links: (comment ids, queries per page)."""
    seen, queries, url = [], [], post.get_absolute_url()
    while url:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        queries.append(len(captured))
        seen += [int(pk) for pk in re.findall(r'id="commentaire-(\d+)"', page)]
        more = re.search(r'<a href="(\?page=\d+)#commentaires" data-hx-get', page)
        url = post.get_absolute_url() + more.group(1) if more else None
    return seen, queries


@pytest.mark.parametrize("count", [3, 120])
def test_comment_pages_bounded_and_complete(signed_in, inhabitant, public_post, count):
    made = add_comments(public_post, inhabitant, count)
    seen, queries = walk(signed_in, public_post)
    assert sorted(seen) == sorted(c.pk for c in made)  # each comment once, none missing
    assert len(seen) == len(set(seen))
    assert max(queries) <= 20
    threads = sum(1 for c in made if c.parent_id is None)
    assert len(queries) == max(1, -(-threads // COMMENT_PAGE_SIZE))


def test_same_queries_with_3_and_120_comments(signed_in, inhabitant, spaces):
    from parvis.posts.services import post_create

    counts = []
    for count in (3, 120):
        post = post_create(author=inhabitant, space=spaces["public"], body=f"{count} comments")
        add_comments(post, inhabitant, count)
        signed_in.get(post.get_absolute_url())  # warm the per-session caches
        with CaptureQueriesContext(connection) as captured:
            signed_in.get(post.get_absolute_url())
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_htmx_more_comments_is_a_fragment(signed_in, inhabitant, public_post):
    made = add_comments(public_post, inhabitant, 160)  # 107 threads: three pages
    response = signed_in.get(public_post.get_absolute_url() + "?page=2", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and f'id="commentaire-{made[-1].pk}"' not in page
    assert 'data-hx-get="?page=3"' in page


def test_a_new_comment_redirects_to_its_page(signed_in, inhabitant, public_post):
    add_comments(public_post, inhabitant, 160)
    response = signed_in.post(f"{public_post.get_absolute_url()}commenter/", {"body": "Le dernier mot"})
    assert response.status_code == 302
    last = Comment.objects.latest("id")
    assert response.url.endswith(f"?page=3#commentaire-{last.pk}")
    page = signed_in.get(response.url.split("#")[0]).content.decode()
    assert f'id="commentaire-{last.pk}"' in page
    first = Comment.objects.filter(post=public_post, parent=None).earliest("id")
    reply = comment_create(author=inhabitant, post=public_post, body="réponse", parent=first)
    from parvis.posts.views import comment_url

    assert comment_url(reply) == f"{public_post.get_absolute_url()}#commentaire-{reply.pk}"
