from tests.matrix import everyone, row

ROUTES = {
    "home.index": row("GET", 302, 200, 200, 200),
    "home.healthz": everyone("GET", 200),
}
