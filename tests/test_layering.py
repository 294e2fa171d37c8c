"""The shape of the package: ``web/`` is the shell on top of the apps, as ``api/`` is.

Each context owns its screens (``<app>/views.py``, ``urls.py``, ``forms.py``,
``templates/<app>/``); the shell holds the base layout, navigation, start page, login, error
pages and the URL list that includes every app's ``urls.py``. No module below the shell
imports it, and ``common/`` imports no app at all. Imports are read with :mod:`ast`, so a
comment or a string that names ``samen.web`` is no import, and every form of import counts:
``import samen.web.x``, ``from samen.web import x``, ``from samen import web``, a relative
import and ``importlib.import_module("samen.web...")``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver

PACKAGE = Path(__file__).resolve().parent.parent / "samen"
WEB = PACKAGE / "web"

# The shell's own templates: layout, the partials every app's pages use, its own pages.
SHELL_TEMPLATES = {
    "web/base.html",
    "web/error.html",
    "web/field.html",
    "web/form_errors.html",
    "web/home.html",
    "web/login.html",
    "web/login_refused.html",
    "web/notices.html",
    "web/pagination.html",
}
SHELL_MODULES = {
    "samen.web",
    "samen.web.apps",
    "samen.web.context",
    "samen.web.finders",
    "samen.web.forms",
    "samen.web.login",
    "samen.web.templatetags",
    "samen.web.templatetags.samen",
    "samen.web.urls",
    "samen.web.views",
}
SHELL_URL_NAMES = {
    "home",
    "login",
    "login-refused",
    "logout",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
# The apps with staff screens: each one has its views, URLs, forms and templates.
SCREEN_APPS = (
    "organisation",
    "access",
    "people",
    "cases",
    "income",
    "dossier",
    "steering",
    "control",
    "objections",
    "appeals",
    "recovery",
    "complaints",
    "enforcement",
    "review",
    "correspondence",
    "sanctions",
)
# Screen apps that take no input (only downloads), so they have no forms.py.
WITHOUT_FORMS = {"correspondence"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(under: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(under.rglob("*.py")):
        if "migrations" not in path.parts:
            yield _module_name(path), path


def _imports(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """Every module name ``path`` imports, absolute, with its line number."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            yield node.lineno, source
            for alias in node.names:  # from samen import web
                yield node.lineno, f"{source}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _is_within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _offenders(under: Path, forbidden: str, *, skip: Path | None = None) -> list[str]:
    found = []
    for module, path in _modules(under):
        if skip is not None and path.is_relative_to(skip):
            continue
        for line, name in _imports(module, path):
            if _is_within(name, forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    return found


def test_the_import_reader_sees_every_form_of_import(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "import samen.web.views\n"
        "from samen.web.forms import LoginForm\n"
        "from samen import web\n"
        "from .. import web as shell\n"
        "import importlib\n"
        "importlib.import_module('samen.web.context')\n"
        "# import samen.web  (a comment is no import)\n"
        "NAME = 'samen.web.views.locked_out'\n"
    )
    lines = {
        line
        for line, name in _imports("samen.people.probe", source)
        if _is_within(name, "samen.web")
    }
    # Every import of the shell is seen (line 4: "from .. import web" in samen.people is
    # samen.web); the comment (line 7) and the string (line 8) are not imports.
    assert lines == {1, 2, 3, 4, 6}


def test_no_module_outside_the_shell_imports_it() -> None:
    assert _offenders(PACKAGE, "samen.web", skip=WEB) == []


def test_common_sits_below_every_app() -> None:
    found = [
        line
        for module, path in _modules(PACKAGE / "common")
        for line in [
            f"{path.relative_to(PACKAGE.parent)}:{number} imports {name}"
            for number, name in _imports(module, path)
            if _is_within(name, "samen") and not _is_within(name, "samen.common")
        ]
    ]
    assert found == []


def test_the_shell_holds_only_its_own_templates() -> None:
    templates = {
        str(path.relative_to(WEB / "templates")) for path in (WEB / "templates").rglob("*.html")
    }
    assert templates == SHELL_TEMPLATES


def test_the_shell_holds_only_its_own_modules() -> None:
    assert {module for module, _path in _modules(WEB)} == SHELL_MODULES


def test_the_shells_forms_are_only_the_login() -> None:
    from samen.web import forms as shell_forms

    defined = {
        name
        for name, value in vars(shell_forms).items()
        if isinstance(value, type)
        and issubclass(value, forms.Form)
        and value.__module__ == shell_forms.__name__
    }
    assert defined == {"LoginForm"}


@pytest.mark.parametrize("app", SCREEN_APPS)
def test_each_context_owns_its_screens(app: str) -> None:
    folder = PACKAGE / app
    for name in ("views.py", "urls.py", *([] if app in WITHOUT_FORMS else ["forms.py"])):
        assert (folder / name).is_file(), f"{app}/{name}"
    if app in WITHOUT_FORMS:
        assert not any(
            isinstance(value, type) and issubclass(value, forms.BaseForm)
            for value in vars(__import__(f"samen.{app}.views", fromlist=["_"])).values()
        ), f"{app} has a form: give it its forms.py"
    assert any((folder / "templates" / app).glob("*.html")), f"{app}/templates/{app}/"


def test_every_apps_templates_sit_in_a_folder_named_after_the_app() -> None:
    """Template names are global: ``people/person.html`` cannot clash with another app's."""
    misplaced = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.glob("*/templates/**/*")
        if path.is_file()
        and path.relative_to(PACKAGE).parts[2] != path.relative_to(PACKAGE).parts[0]
    ]
    assert misplaced == []


def _pages(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _pages(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_every_screen_is_served_by_the_app_that_owns_it() -> None:
    """The shell's URL list serves its own pages (start, login, logout, the
    identity provider's round trip); every other page of it is a view of
    one of the screen apps, found through that app's ``urls.py``."""
    shell_urls = get_resolver("samen.web.urls")
    owners: dict[str, set[str]] = {}
    for route, pattern in _pages(shell_urls.url_patterns):
        module = pattern.lookup_str.rpartition(".")[0]
        owners.setdefault(module, set()).add(pattern.name or route)
    shell = {
        name for module, names in owners.items() if module.startswith("samen.web") for name in names
    }
    django_auth = owners.pop("django.contrib.auth.views", set()) | owners.pop(
        "mozilla_django_oidc.views", set()
    )
    assert shell | django_auth == SHELL_URL_NAMES
    modules = {module for module in owners if not module.startswith("samen.web")}
    # an app may split its screens by purpose (recovery: views, bank_views, collection_views)
    assert all(
        m.split(".")[-1] == "views" or m.split(".")[-1].endswith("_views") for m in modules
    ), modules
    assert {m.split(".")[1] for m in modules} == set(SCREEN_APPS)
    assert {f"samen.{app}.views" for app in SCREEN_APPS} <= modules
