def test_search_territories_by_postal_code(client, db):
    response = client.get("/api/v1/territories/", {"q": "60200"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["name"] for item in items] == ["Compiègne"]
    assert items[0]["postal_codes"] == ["60200"]


def test_search_territories_by_name_ignores_accents(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/territories/", {"q": "evry courcouronnes"})
    assert response.json()["items"][0]["code"] == "91228"


def test_one_territory_and_a_clear_404(client, db):
    assert client.get("/api/v1/territories/commune/35238").json()["name"] == "Rennes"
    response = client.get("/api/v1/territories/commune/00000")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_openapi_description_lists_the_operations(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Parvis API"
    for path in ["/api/v1/territories/", "/api/v1/spaces/", "/api/v1/spaces/{slug}/join", "/api/v1/me"]:
        assert path in schema["paths"]
