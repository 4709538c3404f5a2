"""API tokens that expire: a token a student (or anyone) asks for through the REST API
(POST /hub/api/users/<name>/tokens, which the hub's /hub/token page also uses) lives at most
`max_seconds`. JupyterHub 3.0 gives such a token no expiry unless the request asks for one, and
has no setting for a longest life, so the request's body is capped on its way in: an
`expires_in` that is missing, not a positive number, or longer than `max_seconds` becomes
`max_seconds`. Tokens the hub makes itself (a server's own token, OAuth tokens of the browser) do
not pass here; a removed student's tokens are deleted with the hub user (`remove-students`).
"""
from jupyterhub.apihandlers.users import UserTokenListAPIHandler

_original = UserTokenListAPIHandler.get_json_body


def cap_token_lifetime(max_seconds):
    """From now on, every token requested through the REST API expires within max_seconds."""

    def get_json_body(self):
        body = _original(self)
        if self.request.method != "POST" or max_seconds <= 0:
            return body
        if body is None:
            body = {}
        if isinstance(body, dict):
            asked = body.get("expires_in")
            if isinstance(asked, bool) or not isinstance(asked, (int, float)) or not 0 < asked <= max_seconds:
                body["expires_in"] = max_seconds
        return body

    UserTokenListAPIHandler.get_json_body = get_json_body
