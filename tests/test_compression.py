"""Pages are gzipped (issue 16) without weakening CSRF protection (forum/compression.py)."""

import gzip
import re
from pathlib import Path

from threads.core import actions

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_thread_page_is_gzipped_and_says_so(client, alice, public_thread):
    for n in range(5):
        actions.create_post(acting_user=alice, thread=public_thread, body=f"Reply number {n} about the strike.")
    client.force_login(alice)
    plain = client.get(public_thread.get_absolute_url())
    packed = client.get(public_thread.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content)
    assert len(packed.content) < len(html) / 3
    assert public_thread.title.encode() in html and b"Reply number 4" in html


def test_the_csrf_token_is_masked_afresh_in_every_compressed_page(client, alice, public_thread):
    client.force_login(alice)
    pages = [gzip.decompress(client.get(public_thread.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(3)]
    tokens = [TOKEN.search(page).group(1) for page in pages]
    assert len(set(tokens)) == 3  # the same secret, a new mask each time: nothing for BREACH to learn


def test_pages_with_secrets_beside_reflected_input_are_never_compressed(client, alice):
    for url in ("/accounts/login/?next=/anything", "/accounts/password/reset/", "/accounts/signup/"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response, url
    client.force_login(alice)
    response = client.get("/accounts/2fa/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in response


def test_nginx_compresses_pages_and_not_the_accounts():
    conf = (ROOT / "deploy/nginx.conf").read_text()
    assert re.search(r"^\s*gzip on;", conf, re.M) and re.search(r"^\s*gzip_proxied any;", conf, re.M)
    block = re.search(r"location ~ \^/\(accounts\|admin\|notifications/unsubscribe\)/ \{(.*?)\}", conf, re.S)
    assert block and "gzip off;" in block.group(1)
