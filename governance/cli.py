"""The `governance` command: serve, migrate, demo, admin, audit, keys, members import, backup,
elections count, verify."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Sequence

from governance.settings import Settings, SettingsError


def _settings() -> Settings:
    return Settings.from_env()


def migration_words(already: int, applied: int) -> str | None:
    """What a migration run did, in words (None when it did nothing)."""
    if not applied:
        return None
    plural = "" if applied == 1 else "s"
    if not already:
        return f"Set up a new database ({applied} migration{plural} applied)."
    return f"Updated the database: {applied} new migration{plural} applied."


async def _migrate(settings: Settings) -> str | None:
    """Migrate; print what was done once (nothing when the database was up to date)."""
    from governance.db import migrate, started_engine

    async with started_engine(settings) as engine:
        already, applied = await migrate(engine)
    words = migration_words(already, applied)
    if words:
        print(words)
    return words


def cmd_migrate(args: argparse.Namespace) -> int:
    if asyncio.run(_migrate(_settings())) is None:
        print("Database is up to date.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from governance.signing import SigningKeyError, signing_key

    settings = _settings()
    try:  # refuse to start (in production) without the checkpoint signing key
        signing_key(settings.signing_key_path, create_if_missing=settings.creates_signing_key)
    except SigningKeyError as error:
        print(f"Not started: {error}", file=sys.stderr)
        return 2
    asyncio.run(_migrate(settings))
    uvicorn.run(
        "governance.app:app_from_env",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        log_level="info",
        timeout_graceful_shutdown=10,
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from governance.demo import DemoResetRefused, reset_demo_database, seed_demo

    settings = _settings()
    if args.reset:
        try:
            print(reset_demo_database(settings))
        except DemoResetRefused as error:
            print(f"Nothing was reset: {error}", file=sys.stderr)
            return 1
    asyncio.run(_migrate(settings))
    lines = asyncio.run(seed_demo(settings))
    print("\n".join(lines))
    return 0


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (at least 10 characters): ")
    second = getpass.getpass("The same password again: ")
    if first != second:
        raise SystemExit("The two passwords differ; nothing was created.")
    return first


def cmd_admin_create(args: argparse.Namespace) -> int:
    from governance.db import started_engine
    from governance.errors import DomainError
    from governance.members.accounts import create_platform_admin
    from governance.runtime import Runtime

    settings = _settings()
    password = _read_password()

    async def run() -> None:
        async with started_engine(settings) as engine:
            runtime = Runtime.build(settings, engine)
            try:
                await create_platform_admin(
                    runtime, email=args.email, display_name=args.name, password=password
                )
            finally:
                await runtime.close()

    asyncio.run(_migrate(settings))
    try:
        asyncio.run(run())
    except DomainError as error:
        print(f"Not created: {error.detail}", file=sys.stderr)
        return 1
    print(f"Platform administrator {args.email} created.")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from governance.verify import verify_all

    if args.checkpoint and not args.org:
        print("--checkpoint needs --org: a checkpoint is of one organisation's log.",
              file=sys.stderr)  # fmt: skip
        return 2
    settings = _settings()
    results = asyncio.run(verify_all(settings, org_slug=args.org))
    if results is None:
        print(f"There is no organisation {args.org!r}.", file=sys.stderr)
        return 2
    bad = 0
    for label, result in results:
        if result.ok:
            print(f"{label}: intact, {result.entries} entries, head {result.head_hash}")
        else:
            bad += 1
            print(
                f"{label}: BROKEN at entry {result.first_bad_seq} ({result.problem}); "
                f"{result.entries} entries verified before it",
            )
    if args.checkpoint:
        bad += _check_checkpoint(settings, args.org, args.checkpoint, args.key)
    return 1 if bad else 0


def _check_checkpoint(settings: Settings, org: str, note_path: str, key_path: str | None) -> int:
    """1 (and a line naming how) when the log is not an extension of the checkpoint."""
    from pathlib import Path

    from governance.signing import SigningKeyError
    from governance.verify import NoteError, verify_checkpoint_file

    try:
        note = Path(note_path).read_text(encoding="utf-8")
        vkey_text = Path(key_path).read_text(encoding="utf-8").strip() if key_path else None
        found = asyncio.run(verify_checkpoint_file(settings, org, note, vkey_text))
    except (OSError, UnicodeDecodeError, SigningKeyError) as error:
        print(f"{org}: the checkpoint cannot be checked: {error}", file=sys.stderr)
        return 1
    except NoteError as error:
        print(f"{org}: CHECKPOINT NOT VALID ({error})")
        return 1
    assert found is not None  # verify_all found the organisation just before
    if found.ok:
        print(f"{org}: extends the checkpoint ({found.checkpoint_size} entries)")
        return 0
    print(f"{org}: {str(found.failure).upper()}: {found.message}")
    return 1


def cmd_keys_init(args: argparse.Namespace) -> int:
    from governance.signing import SigningKeyError, init_key

    path = _settings().signing_key_path
    try:
        init_key(path)
    except SigningKeyError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Signing key created at {path} (keep it outside the database and its backups).")
    return 0


def cmd_members_import(args: argparse.Namespace) -> int:
    from governance.members.importer import run_import

    return asyncio.run(run_import(_settings(), args.org, args.file))


def cmd_backup(args: argparse.Namespace) -> int:
    from governance.backup import BackupError, backup

    try:
        backup(_settings(), args.path)
    except BackupError as error:
        print(f"No backup made: {error}", file=sys.stderr)
        return 1
    print(f"Backup written to {args.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from governance.backup import BackupError, restore

    try:
        restore(_settings(), args.path)
    except BackupError as error:
        print(f"Nothing restored: {error}", file=sys.stderr)
        return 1
    print(f"Restored from {args.path}")
    return 0


def cmd_elections_count(args: argparse.Namespace) -> int:
    """Re-count a BLT file: no database, no settings; the elected by name, in order."""
    import hashlib
    from pathlib import Path

    from governance.elections.count import count_approval, count_stv, parse_blt
    from governance.errors import InvalidInput

    try:
        data = Path(args.file).read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"Cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    try:
        group = tuple(int(g) for g in args.group.split(",") if g.strip()) if args.group else ()
    except ValueError:
        print("--group is candidate numbers separated by commas, such as 1,4,7.",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.reserved and not group:
        print("--reserved needs --group: the candidates the seats are reserved for.",
              file=sys.stderr)  # fmt: skip
        return 2
    seed = args.seed if args.seed is not None else hashlib.sha256(data).hexdigest()
    try:
        election = parse_blt(text, group=group, reserved=args.reserved)
        count = count_approval if args.method == "approval" else count_stv
        report = count(election, seed=seed)
    except InvalidInput as error:
        print(f"{args.file}: {error.detail}", file=sys.stderr)
        return 2
    if args.json:
        print(report.to_json())
        return 0
    if report.title:
        print(report.title)
    print(f"{report.seats} seat(s); valid votes {report.valid_votes}"
          + (f"; quota {report.quota}" if report.quota else ""))  # fmt: skip
    print("Elected, in order of election:")
    for place, name in enumerate(report.elected, start=1):
        print(f"  {place}. {name}")
    for tie in report.ties:
        print(f"Tie at stage {tie.stage} ({tie.question}) among {', '.join(tie.among)}: "
              f"{tie.chosen}, by {tie.decided_by}.")  # fmt: skip
    if report.reservation is not None:
        print(report.reservation.note)
    for note in report.notes:
        print(note)
    print(f"Lots, if any were needed, drawn with seed {seed}.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a verifiable vote's public record: no database, no settings (docs/VERIFY.md)."""
    import json
    from pathlib import Path

    from governance.verifiable.record import record_summary, verify_record

    try:
        record = json.loads(Path(args.file).read_bytes())
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"Cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    faults = verify_record(record)
    if args.json:
        out: dict[str, object] = {
            "verified": not faults,
            "faults": [{"code": f.code, "where": f.where, "detail": f.detail} for f in faults],
        }
        if not faults:
            out["summary"] = record_summary(record)
        print(json.dumps(out, indent=2))
        return 1 if faults else 0
    if faults:
        print(f"{args.file} does NOT verify: {len(faults)} fault(s).")
        for fault in faults:
            print(fault)
        return 1
    s = record_summary(record)
    print(f"{args.file} verifies: election {s['election']}.")
    print(f"{s['ballots']} ballot(s) checked, {s['server_encrypted']} encrypted by the server.")
    decrypted, result = s["decrypted_by"], s["result"]
    assert isinstance(decrypted, list) and isinstance(result, dict)
    by = ", ".join(str(t) for t in decrypted)
    print(f"Trustees: {s['trustees']}, any {s['threshold']} decrypt; decrypted by {by}.")
    print("Result: " + ", ".join(f"{name} {count}" for name, count in result.items()) + ".")
    print(f"Record digest (SHA-256 of its canonical JSON): {s['digest']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="governance", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="migrate, then serve HTTP")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="apply pending migrations").set_defaults(func=cmd_migrate)
    demo = sub.add_parser("demo", help="seed the demo organisation")
    demo.add_argument(
        "--reset",
        action="store_true",
        help="start the demo over: delete the demo's SQLite database first (refused when it "
        "holds any other organisation, on PostgreSQL and in production)",
    )
    demo.set_defaults(func=cmd_demo)

    admin = sub.add_parser("admin", help="platform administrators")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    create = admin_sub.add_parser("create", help="create a platform administrator")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.set_defaults(func=cmd_admin_create)

    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="verify the audit chains")
    verify.add_argument("--org")
    verify.add_argument("--checkpoint", help="a signed checkpoint the log must extend")
    verify.add_argument("--key", help="its verifier key (default: the configured key's)")
    verify.set_defaults(func=cmd_audit_verify)

    keys = sub.add_parser("keys", help="the checkpoint signing key")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    keys_sub.add_parser("init", help="create the signing key file").set_defaults(func=cmd_keys_init)

    members = sub.add_parser("members", help="members")
    members_sub = members.add_subparsers(dest="members_command", required=True)
    imp = members_sub.add_parser("import", help="import members from CSV")
    imp.add_argument("org")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_members_import)

    backup_p = sub.add_parser("backup", help="copy the database while it runs")
    backup_p.add_argument("path")
    backup_p.set_defaults(func=cmd_backup)
    restore_p = sub.add_parser("restore", help="restore a backup")
    restore_p.add_argument("path")
    restore_p.set_defaults(func=cmd_restore)

    elections = sub.add_parser("elections", help="elections")
    elections_sub = elections.add_subparsers(dest="elections_command", required=True)
    count = elections_sub.add_parser(
        "count", help="count a BLT ballot file (Scottish STV, or approval) and print the elected"
    )
    count.add_argument("file", help="the ballots, in BLT format")
    count.add_argument("--reserved", type=int, default=0,
                       help="at least this many seats go to the --group")  # fmt: skip
    count.add_argument("--group", help="candidate numbers the seats are reserved for: 1,4,7")
    count.add_argument("--method", choices=("stv", "approval"), default="stv")
    count.add_argument("--seed", help="the seed lots are drawn from (default: the file's SHA-256)")
    count.add_argument("--json", action="store_true", help="print the whole count as JSON")
    count.set_defaults(func=cmd_elections_count)

    verify_p = sub.add_parser(
        "verify", help="check a verifiable vote's public record (RECORD.json) and name any fault"
    )
    verify_p.add_argument("file", help="the record, as GET .../record gives it")
    verify_p.add_argument("--json", action="store_true", help="print the faults as JSON")
    verify_p.set_defaults(func=cmd_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from governance.wiring import wire

    wire()  # before any command can decide a motion; raises if a subscriber is missing
    try:
        return int(args.func(args))
    except SettingsError as error:
        print(f"Configuration problem: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
