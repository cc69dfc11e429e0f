"""The parameters of a person's login, for the API document: the handlers read them one by one, since an
OAuth error goes to the client's redirect URI only once the client and that URI are known good."""

from typing import Literal

from pydantic import BaseModel, Field


class AuthorizeQuery(BaseModel):
    response_type: Literal["code"]
    client_id: str = Field(max_length=64, description="A login client (setting LOGIN_CLIENTS)")
    redirect_uri: str | None = Field(
        None,
        max_length=500,
        description="One registered for the client; a loopback one (http://127.0.0.1/...) on any port",
    )
    code_challenge: str = Field(pattern=r"^[A-Za-z0-9\-_]{43}$", description="BASE64URL(SHA-256(verifier))")
    code_challenge_method: Literal["S256"]
    state: str | None = Field(None, max_length=500, description="Returned as it was sent")
    idp: Literal["provider", "staff"] = Field(
        "provider",
        description="Who vouches for the person: `provider` (the e-ID broker for provider organisations' "
        "people) or `staff` (the municipality's identity provider)",
    )
    organisation: str | None = Field(
        None,
        max_length=13,
        description="The organisation number to act for, when the person belongs to several",
    )
    invitation: str | None = Field(
        None, max_length=100, description="An invitation to accept: the code from the invitation's link"
    )
    prompt: Literal["login"] | None = Field(
        None, description="`login`: log in at the identity provider even within a sign-in session"
    )


class CallbackQuery(BaseModel):
    state: str = Field(max_length=200)
    code: str | None = Field(None, max_length=2000)
    error: str | None = Field(None, max_length=200)


class LogoutQuery(BaseModel):
    client_id: str | None = Field(None, max_length=64)
    post_logout_redirect_uri: str | None = Field(
        None,
        max_length=2000,
        description="Where the browser goes when the identity provider offers no logout of its own; it must "
        "be registered for `client_id`.",
    )
