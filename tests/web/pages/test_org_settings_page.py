"""The organisation settings page: an administrator renames the organisation, opens its record
to the public (or closes it) and sets the minutes' paper size; a mistake is shown beside its
field and changes nothing; nobody else may change them."""

from __future__ import annotations

from typing import Any

from tests.helpers import Api
from tests.web.pages.test_pages import HTML, csrf_of, org, sign_in

__all__ = ["org"]  # the fixture

SETTINGS = "/orgs/acme/settings"


async def _save(client: Any, **fields: str) -> Any:
    form = await client.get(SETTINGS, headers=HTML)
    assert form.status_code == 200, form.text
    return await client.post(SETTINGS, data={"_csrf": csrf_of(form.text), **fields}, headers=HTML)


async def test_an_admin_opens_the_record_to_the_public(client: Any, api: Api, org: Any) -> None:
    # Private to begin with: a signed-out visitor is sent to sign in.
    client.cookies.clear()
    closed = await client.get("/orgs/acme/decisions", headers=HTML)
    assert closed.status_code in (302, 303), closed.status_code
    await sign_in(client, "ada@acme.example")
    home = await client.get("/orgs/acme", headers=HTML)
    assert f'href="{SETTINGS}"' in home.text  # reachable from the organisation's home
    form = await client.get(SETTINGS, headers=HTML)
    assert 'value="Acme Peers"' in form.text
    assert 'id="visibility" name="visibility" value="members" checked' in form.text

    saved = await _save(client, name="Acme Peer Network", visibility="public", paper_size="Letter")
    assert saved.status_code == 303
    assert saved.headers["location"] == f"{SETTINGS}?changed=saved"
    shown = await client.get(saved.headers["location"], headers=HTML)
    assert "Saved." in shown.text
    assert 'value="Acme Peer Network"' in shown.text
    assert 'id="visibility-public" name="visibility" value="public" checked' in shown.text
    assert '<option value="Letter" selected>' in shown.text

    settings = (await api.get("/orgs/acme", "root")).json()
    assert settings["name"] == "Acme Peer Network"
    assert settings["settings"] == {"public": True, "paper_size": "Letter"}
    entries = (await api.get("/orgs/acme/audit?limit=1000", "root")).json()["entries"]
    assert entries[-1]["action"] == "organisation.updated"
    client.cookies.clear()
    opened = await client.get("/orgs/acme/decisions", headers=HTML)
    assert opened.status_code == 200


async def test_a_mistake_is_shown_beside_its_field_and_changes_nothing(
    client: Any, api: Api, org: Any
) -> None:
    # (The API helper shares this client and clears its cookies: ask before signing in.)
    before = (await api.get("/orgs/acme/audit/verify", "root")).json()["entries"]
    await sign_in(client, "ada@acme.example")
    for fields, field, words in (
        ({"name": "  ", "visibility": "public", "paper_size": "A4"}, "name", "Enter a name"),
        ({"name": "New name", "visibility": "everyone", "paper_size": "A4"}, "visibility", ""),
        ({"name": "New name", "visibility": "public", "paper_size": "A5"}, "paper_size", "A4"),
    ):
        refused = await _save(client, **fields)
        assert refused.status_code == 400, (fields, refused.status_code)
        assert f'href="#{field}"' in refused.text  # the summary links to the field
        assert f'id="{field}-error"' in refused.text
        assert words in refused.text
        assert f'value="{fields["name"]}"' in refused.text  # what was typed is kept
    settings = (await api.get("/orgs/acme", "root")).json()
    assert settings["name"] == "Acme Peers"
    assert settings["settings"] == {"public": False, "paper_size": "A4"}
    assert (await api.get("/orgs/acme/audit/verify", "root")).json()["entries"] == before


async def test_only_administrators_see_or_change_the_settings(client: Any, org: Any) -> None:
    await sign_in(client, "bo@acme.example")
    home = await client.get("/orgs/acme", headers=HTML)
    assert SETTINGS not in home.text
    assert (await client.get(SETTINGS, headers=HTML)).status_code == 403
