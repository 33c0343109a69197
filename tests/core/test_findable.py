"""The public ways in: sign-in page and footer links, favicon, web app manifest, page titles."""

import json
import re


def test_sign_in_page_links_to_the_mentor_application_and_to_verification(client):
    page = client.get("/login").get_data(as_text=True)
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    footer = page.split("<footer", 1)[1]
    for part in (main, footer):
        assert 'href="/mentors/apply"' in part
        assert 'href="/verify"' in part


def _status(client, url: str) -> int:
    """Fetch a static file and close it (an open file would be a ResourceWarning)."""
    with client.get(url) as response:
        return response.status_code


def test_icon_and_manifest_are_linked_and_served(client):
    page = client.get("/login").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    manifest = re.search(r'<link rel="manifest" href="([^"]+)">', page)
    assert icon and manifest
    assert _status(client, icon[1]) == 200
    with client.get(manifest[1]) as response:
        data = json.loads(response.data)
    assert data["name"] == "Counselor Mentoring Program"
    assert data["start_url"] == "/"
    sizes = {entry["sizes"] for entry in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for entry in data["icons"]:
        assert _status(client, entry["src"]) == 200, entry["src"]


def test_a_page_title_names_the_page_and_the_program(client):
    page = client.get("/mentors/apply").get_data(as_text=True)
    assert "<title>Apply to be a mentor · Counselor Mentoring Program</title>" in page
