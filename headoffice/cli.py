"""``emporium-hq``: the head-office command line.

    emporium-hq migrate                       bring the database to the newest schema
    emporium-hq serve [--host H --port P]     run the web server (sync API and dashboard)
    emporium-hq demo                          migrate, load the demo catalogue, outlets and
                                              staff, print a dashboard login and an
                                              enrolment code for the Bhopal outlet
    emporium-hq create-user NAME --role R     a dashboard user (password asked, or stdin)
    emporium-hq enrol-code OUTLET             a one-time enrolment code for a new till
    emporium-hq import FILE [--clean-only]    products from CSV or Excel, with a report;
                                              nothing is applied while a row is bad
    emporium-hq devices                       list devices and their state
    emporium-hq revoke DEVICE_ID              revoke a device's token
    emporium-hq reinstate DEVICE_ID           lift a suspension (after investigation)
    emporium-hq lock-day OUTLET YYYY-MM-DD    close an outlet-day at head office
    emporium-hq purge-tombstones              drop catalogue deletions older than the window

The database is ``EMPORIUM_HQ_DATABASE_URL`` (see :mod:`headoffice.config`; default a SQLite
file in the per-user data folder).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from headoffice import devices, security
from headoffice.catalog import CatalogError, purge_tombstones
from headoffice.clock import now_utc
from headoffice.config import Settings
from headoffice.db import schema as t
from headoffice.db.engine import DatabaseNotUtf8, DatabaseTooNew, make_engine, migrate, safe_url
from headoffice.devices import DeviceError
from headoffice.users import ROLES, UserError, set_user
from pos.sync.protocol import DeviceStatus

DEMO_OUTLET = "BPL1"
DEMO_USER = "admin"


def _engine(settings: Settings) -> Any:
    return make_engine(settings.database_url)


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    engine = _engine(settings)
    revision = migrate(engine)
    print(f"database {safe_url(settings.database_url)} is at schema {revision}")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # old uploads are removed by the app's lifespan (headoffice.api.create_app), in each worker
    print(f"head office on http://{args.host}:{args.port} "
          f"(database {safe_url(settings.database_url)})", flush=True)
    uvicorn.run("headoffice.api:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, proxy_headers=True, log_level="info",
                server_header=False)
    return 0


def cmd_demo(settings: Settings, _args: argparse.Namespace) -> int:
    from headoffice.demo import load_demo

    engine = _engine(settings)
    migrate(engine)
    now = now_utc()
    password = security.new_password()
    with engine.begin() as conn:
        loaded = load_demo(conn)
        set_user(conn, DEMO_USER, password, role="admin", name="Demo administrator", now=now,
                 replace=True)
        code = devices.create_enrol_code(conn, DEMO_OUTLET, now=now,
                                         ttl=settings.enrol_code_ttl, created_by="demo")
    changed = ", ".join(f"{n} {e}" for e, n in loaded.published.items() if n) or "nothing"
    print(f"database: {safe_url(settings.database_url)}")
    print(f"demo catalogue: {loaded.products} products; published now: {changed}")
    print(f"dashboard login: {DEMO_USER} / {password}   (demo only; a new password each run)")
    minutes = int(settings.enrol_code_ttl.total_seconds() // 60)
    print(f"enrolment code for {DEMO_OUTLET} (Bhopal), valid {minutes} minutes: {code}")
    print("next: emporium-hq serve")
    return 0


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("the passwords differ", file=sys.stderr)
            return 1
    engine = _engine(settings)
    try:
        with engine.begin() as conn:
            created = set_user(conn, args.username, password, role=args.role, name=args.name,
                               now=now_utc(), replace=args.reset)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"user {args.username} {'created' if created else 'updated'} ({args.role})")
    return 0


def cmd_enrol_code(settings: Settings, args: argparse.Namespace) -> int:
    engine = _engine(settings)
    ttl = settings.enrol_code_ttl
    if args.minutes:
        from datetime import timedelta
        ttl = timedelta(minutes=args.minutes)
    try:
        with engine.begin() as conn:
            code = devices.create_enrol_code(conn, args.outlet, now=now_utc(), ttl=ttl,
                                             created_by="cli")
    except DeviceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(code)
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from headoffice.clock import india_date
    from headoffice.importer import import_products

    engine = _engine(settings)
    with engine.begin() as conn:
        report = import_products(conn, args.file, india_date(now_utc()),
                                 clean_only=args.clean_only, dry_run=args.dry_run)
    for line in report.lines():
        print(line)
    if report.file_error is not None:
        return 2
    if report.bad and not args.clean_only:
        print("nothing was applied: fix these rows, or run again with --clean-only")
        return 1
    return 0


def cmd_devices(settings: Settings, _args: argparse.Namespace) -> int:
    engine = _engine(settings)
    d = t.devices
    with engine.connect() as conn:
        rows = conn.execute(select(d).order_by(d.c.outlet_id, d.c.enrolled_at)).all()
    for r in rows:
        seen = r.last_seen_at.isoformat(timespec="seconds") if r.last_seen_at else "-"
        print(f"{r.device_id}  {r.outlet_id:8} {r.series_prefix:8} {r.status:9} "
              f"seq {r.last_applied_seq:<7} seen {seen}  {r.label}"
              + (f"  [{r.status_reason}]" if r.status_reason else ""))
    return 0


def _set_status(settings: Settings, device_id: str, status: DeviceStatus, reason: str) -> int:
    engine = _engine(settings)
    with engine.begin() as conn:
        done = devices.set_status(conn, device_id, status, reason, now_utc())
    if not done:
        print(f"error: no device {device_id} (or it is revoked already)", file=sys.stderr)
        return 1
    print(f"device {device_id}: {status.value}")
    return 0


def cmd_revoke(settings: Settings, args: argparse.Namespace) -> int:
    return _set_status(settings, args.device_id, DeviceStatus.REVOKED, args.reason)


def cmd_reinstate(settings: Settings, args: argparse.Namespace) -> int:
    return _set_status(settings, args.device_id, DeviceStatus.ACTIVE, args.reason)


def cmd_lock_day(settings: Settings, args: argparse.Namespace) -> int:
    engine = _engine(settings)
    with engine.begin() as conn:
        conn.execute(t.day_locks.insert().values(
            outlet_id=args.outlet, business_date=date.fromisoformat(args.date),
            locked_at=now_utc(), locked_by="cli"))
    print(f"{args.outlet} {args.date} is closed at head office")
    return 0


def cmd_purge(settings: Settings, _args: argparse.Namespace) -> int:
    engine = _engine(settings)
    with engine.begin() as conn:
        n = purge_tombstones(conn, now_utc() - settings.tombstone_window)
    print(f"{n} tombstones purged")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="emporium-hq", description="Emporium POS head office",
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="bring the database to the newest schema")
    serve = sub.add_parser("serve", help="run the web server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--workers", type=int, default=1)
    sub.add_parser("demo", help="load the demo data, print a login and an enrolment code")
    user = sub.add_parser("create-user", help="create a dashboard user")
    user.add_argument("username")
    user.add_argument("--role", choices=ROLES, default="viewer")
    user.add_argument("--name", default="")
    user.add_argument("--password-stdin", action="store_true",
                      help="read the password from the first line of stdin")
    user.add_argument("--reset", action="store_true", help="reset an existing user's password")
    code = sub.add_parser("enrol-code", help="a one-time enrolment code for an outlet")
    code.add_argument("outlet")
    code.add_argument("--minutes", type=int, default=0, help="validity (default: settings)")
    imp = sub.add_parser("import", help="import products from CSV or Excel")
    imp.add_argument("file", type=Path)
    imp.add_argument("--clean-only", action="store_true",
                     help="apply the clean rows even if others are bad")
    imp.add_argument("--dry-run", action="store_true", help="only check the file")
    sub.add_parser("devices", help="list devices")
    revoke = sub.add_parser("revoke", help="revoke a device")
    revoke.add_argument("device_id")
    revoke.add_argument("--reason", default="revoked by head office")
    again = sub.add_parser("reinstate", help="lift a device's suspension")
    again.add_argument("device_id")
    again.add_argument("--reason", default="reinstated by head office")
    lock = sub.add_parser("lock-day", help="close an outlet-day at head office")
    lock.add_argument("outlet")
    lock.add_argument("date")
    sub.add_parser("purge-tombstones", help="drop deletions older than the tombstone window")
    return parser


COMMANDS = {
    "migrate": cmd_migrate, "serve": cmd_serve, "demo": cmd_demo,
    "create-user": cmd_create_user, "enrol-code": cmd_enrol_code, "import": cmd_import,
    "devices": cmd_devices,
    "revoke": cmd_revoke, "reinstate": cmd_reinstate, "lock-day": cmd_lock_day,
    "purge-tombstones": cmd_purge,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    try:
        return COMMANDS[args.command](settings, args)
    except (DatabaseTooNew, DatabaseNotUtf8) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
