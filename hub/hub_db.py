#!/usr/bin/python3
"""Changes to the hub's database while the hub is NOT running, through JupyterHub's own ORM (the
same cascades as its REST API: a deleted user's tokens, servers and OAuth tokens go with it).
Run by scripts/hub.mjs as root:

    python3 hub/hub_db.py <state>/jupyterhub.sqlite delete-users NAME...
        the hub users NAME… and everything of theirs (remove-students when the hub is stopped)
    python3 hub/hub_db.py <state>/jupyterhub.sqlite revoke-service-tokens NAME
        every API token of the service NAME (npm run hub, before it starts with a new admin token)

Prints one line per change; exit code 0 also when there was nothing to change.
"""
import os
import sys

from jupyterhub import orm


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    db_file, command, names = argv[0], argv[1], argv[2:]
    if not os.path.exists(db_file):
        return  # no hub has run with this state: nothing to change
    db = orm.new_session_factory("sqlite:///" + os.path.abspath(db_file))()
    if command == "delete-users":
        for name in names:
            user = orm.User.find(db, name)
            if user is None:
                print(f"{name}: no hub user")
                continue
            tokens = len(user.api_tokens)
            client = db.query(orm.OAuthClient).filter_by(identifier=f"jupyterhub-user-{name}").first()
            if client is not None:
                db.delete(client)
            db.delete(user)
            db.commit()
            print(f"{name}: hub user deleted with its {tokens} token(s)")
    elif command == "revoke-service-tokens":
        for name in names:
            service = orm.Service.find(db, name)
            if service is None:
                continue
            tokens = list(service.api_tokens)
            for token in tokens:
                db.delete(token)
            db.commit()
            print(f"{name}: {len(tokens)} old token(s) revoked")
    else:
        sys.exit(f"unknown command {command!r}\n{__doc__}")


if __name__ == "__main__":
    main(sys.argv[1:])
