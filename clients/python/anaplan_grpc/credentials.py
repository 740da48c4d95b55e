"""Channel security (TLS) and the Anaplan credentials sent with each call.

Two separate things, as in anaplan-sdk plus gRPC:

* **TLS to the service** (``tls``, ``root_certificates``, ``client_certificate``,
  ``client_key``): how this client reaches anaplan-grpc-server. Certificates
  and keys are PEM, given as bytes or as a file path.
* **Anaplan credentials** (``token``, ``user_email``/``password``,
  ``certificate``/``private_key``/``private_key_password``): who the service
  calls Anaplan as. They travel as call metadata and win over the server's
  own credential profile:

  ==========================  ============================================
  token                       ``authorization: AnaplanAuthToken <token>``
  user_email + password       ``authorization: Basic base64(email:password)``
  certificate + private_key   ``x-anaplan-certificate`` (base64 of the PEM),
                              ``x-anaplan-private-key`` (base64 of the PEM),
                              ``x-anaplan-private-key-password``
  ==========================  ============================================
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field
from typing import Callable, Optional, Tuple, Union

import grpc

AUTHORIZATION = "authorization"
CERTIFICATE_KEY = "x-anaplan-certificate"
PRIVATE_KEY_KEY = "x-anaplan-private-key"
PRIVATE_KEY_PASSWORD_KEY = "x-anaplan-private-key-password"

#: PEM content (bytes, or str starting with ``-----BEGIN``) or a file path.
Pem = Union[bytes, str, "os.PathLike[str]"]
#: A token, or a function returning the current token (called for every call).
Token = Union[str, Callable[[], str]]
MetadataPairs = Tuple[Tuple[str, str], ...]


def read_pem(value: Pem, what: str) -> bytes:
    """PEM bytes from bytes, PEM text or a path to a PEM file."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str) and value.lstrip().startswith("-----BEGIN"):
        return value.encode("ascii")
    if isinstance(value, (str, os.PathLike)):
        try:
            with open(value, "rb") as f:
                return f.read()
        except OSError as e:
            raise ValueError("cannot read %s from %r: %s" % (what, os.fspath(value), e)) from e
    raise TypeError("%s must be PEM bytes, PEM text or a file path, got %s"
                    % (what, type(value).__name__))


def _header_value(value: str, what: str) -> str:
    # gRPC metadata values of non-binary keys are printable ASCII only.
    if not value.isascii() or not value.isprintable():
        raise ValueError("%s must be printable ASCII to travel as gRPC metadata" % what)
    return value


@dataclass(frozen=True)
class Credentials:
    """Anaplan credentials sent as metadata with every call of a client.

    Build with ``Credentials.create(...)`` (which validates the combination),
    or pass the same keyword arguments to ``Client``/``AsyncClient``.
    """

    token: Optional[Token] = None
    user_email: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)
    certificate: Optional[bytes] = field(default=None, repr=False)
    private_key: Optional[bytes] = field(default=None, repr=False)
    private_key_password: Optional[str] = field(default=None, repr=False)

    @classmethod
    def create(cls, *, token: Optional[Token] = None, user_email: Optional[str] = None,
               password: Optional[str] = None, certificate: Optional[Pem] = None,
               private_key: Optional[Pem] = None,
               private_key_password: Optional[Union[str, bytes]] = None,
               ) -> Optional["Credentials"]:
        """Validated credentials, or None when no argument is given.

        Exactly one kind: a token, user_email with password, or certificate
        with private_key (and an optional private_key_password).
        """
        kinds = [token is not None,
                 user_email is not None or password is not None,
                 certificate is not None or private_key is not None]
        if sum(kinds) == 0:
            if private_key_password is not None:
                raise ValueError("private_key_password needs certificate and private_key")
            return None
        if sum(kinds) > 1:
            raise ValueError("give one kind of Anaplan credentials: token, "
                             "user_email/password, or certificate/private_key")
        if kinds[1] and (not user_email or password is None):
            raise ValueError("basic authentication needs both user_email and password")
        if kinds[2] and (certificate is None or private_key is None):
            raise ValueError("certificate authentication needs both certificate and private_key")
        if private_key_password is not None and not kinds[2]:
            raise ValueError("private_key_password needs certificate and private_key")
        if isinstance(private_key_password, bytes):
            private_key_password = private_key_password.decode("utf-8")
        if isinstance(token, str):
            _header_value(token, "token")
        if private_key_password is not None:
            _header_value(private_key_password, "private_key_password")
        return cls(
            token=token, user_email=user_email, password=password,
            certificate=read_pem(certificate, "certificate") if certificate is not None else None,
            private_key=read_pem(private_key, "private_key") if private_key is not None else None,
            private_key_password=private_key_password)

    def metadata(self) -> MetadataPairs:
        """The metadata pairs for one call (a token function is called now)."""
        if self.token is not None:
            token = self.token() if callable(self.token) else self.token
            return ((AUTHORIZATION, "AnaplanAuthToken " + _header_value(token, "token")),)
        if self.user_email is not None:
            raw = ("%s:%s" % (self.user_email, self.password)).encode("utf-8")
            return ((AUTHORIZATION, "Basic " + base64.b64encode(raw).decode("ascii")),)
        assert self.certificate is not None and self.private_key is not None
        pairs = [(CERTIFICATE_KEY, base64.b64encode(self.certificate).decode("ascii")),
                 (PRIVATE_KEY_KEY, base64.b64encode(self.private_key).decode("ascii"))]
        if self.private_key_password is not None:
            pairs.append((PRIVATE_KEY_PASSWORD_KEY, self.private_key_password))
        return tuple(pairs)


def channel_credentials(tls: bool = False, root_certificates: Optional[Pem] = None,
                        client_certificate: Optional[Pem] = None,
                        client_key: Optional[Pem] = None,
                        ) -> Optional[grpc.ChannelCredentials]:
    """TLS credentials for the channel, or None for a plaintext channel.

    TLS is on when ``tls`` is set or any certificate is given. Without
    ``root_certificates`` the system trust store verifies the server.
    ``client_certificate`` and ``client_key`` (mutual TLS) go together.
    """
    if (client_certificate is None) != (client_key is None):
        raise ValueError("mutual TLS needs both client_certificate and client_key")
    if not (tls or root_certificates is not None or client_certificate is not None):
        return None
    return grpc.ssl_channel_credentials(
        root_certificates=(read_pem(root_certificates, "root_certificates")
                           if root_certificates is not None else None),
        private_key=read_pem(client_key, "client_key") if client_key is not None else None,
        certificate_chain=(read_pem(client_certificate, "client_certificate")
                           if client_certificate is not None else None))
