"""Sign with a key on a PKCS#11 token (USB token, SoftHSM2, HSM) through pyHanko."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko.sign.signers.pdf_cms import Signer

from common.errors import SignerUnavailable

from .config import SignerConfig


@contextmanager
def open_token_signer(config: SignerConfig) -> Iterator[Signer]:
    """Log in to the token and yield a Signer for the configured key; log out on exit."""
    import pkcs11  # python-pkcs11, installed by pyhanko[pkcs11]

    where = config.describe()
    if config.pkcs11_module is None or not config.pkcs11_module.exists():
        raise SignerUnavailable(f"PKCS#11 module not found: {config.pkcs11_module}")
    if not config.pkcs11_key_label:
        raise SignerUnavailable(f"no key label configured for {where}")
    criteria = TokenCriteria(label=config.pkcs11_token_label) if config.pkcs11_token_label else None
    pin = config.pkcs11_pin.decode("utf-8") if config.pkcs11_pin is not None else None
    try:
        session = open_pkcs11_session(
            str(config.pkcs11_module),
            slot_no=config.pkcs11_slot,
            token_criteria=criteria,
            user_pin=pin,
        )
    except pkcs11.exceptions.PinIncorrect:
        raise SignerUnavailable(f"the token refused the PIN ({where})") from None
    except pkcs11.exceptions.PinLocked:
        raise SignerUnavailable(f"the token's PIN is locked ({where})") from None
    except (pkcs11.exceptions.PKCS11Error, OSError, RuntimeError) as e:
        reason = type(e).__name__
        raise SignerUnavailable(f"cannot open the token ({where}): {reason}") from None
    except Exception as e:  # pyHanko's own PKCS11Error ("no token found")
        raise SignerUnavailable(f"cannot open the token ({where}): {_safe(e)}") from None
    try:
        try:
            signer = PKCS11Signer(
                session,
                key_label=config.pkcs11_key_label,
                other_certs_to_pull=None,
            )
            # fetch the certificate now, so a missing one fails here, not mid-signature
            if signer.signing_cert is None:
                raise SignerUnavailable(f"no certificate for the key on {where}")
        except SignerUnavailable:
            raise
        except Exception as e:
            raise SignerUnavailable(f"cannot use the key ({where}): {_safe(e)}") from None
        yield signer
    finally:
        session.close()


def _safe(error: Exception) -> str:
    """The error's class and message, without anything that could be a secret."""
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__
