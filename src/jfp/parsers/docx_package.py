"""Open a DOCX package safely: zip checks before inflating, bounded reads, hardened XML.

A .docx is a zip of XML parts, so it can carry a zip bomb (tiny file, huge declared or
actual inflated size) or an XML entity bomb. Everything here is checked from the zip's
central directory before a byte is inflated, every read is capped at the declared size,
and XML is parsed with entity resolution, DTD loading and the network switched off.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from collections import Counter

from lxml import etree

from jfp.errors import DocumentError
from jfp.options import Limits

DOCUMENT_PART = "word/document.xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# ISO 29500 "strict" files use another namespace for the same vocabulary; mapping it to
# the transitional one lets one walker read both.
_STRICT_W_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
# A small part can be very compressible (a run of spaces) without being dangerous; the
# ratio check is for entries big enough to hurt.
_RATIO_FLOOR_BYTES = 1024 * 1024

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    remove_comments=True,
    remove_pis=True,
)


class Package:
    """A checked DOCX zip from which single parts can be read within limits."""

    def __init__(self, path: str, data: bytes, limits: Limits) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise DocumentError(path, "is not a valid .docx file (the zip package is corrupt).", "corrupt") from None
        self._infos = {i.filename: i for i in infos}
        # Folder entries ("word/", which some zip tools add) hold nothing that could be shown.
        parts = [i for i in infos if not i.filename.endswith("/")]
        names = Counter(i.filename.casefold() for i in parts)
        if len(names) < len(parts):
            # zipfile keeps the last of two same-named entries, Word may take the first (and
            # part names are case-insensitive in a package): which text is "the document"
            # would be a guess another reader need not share.
            twice = sorted(i.filename for i in parts if names[i.filename.casefold()] > 1)
            named = twice[0] if twice[0] == twice[1] else f"{twice[0]} and {twice[1]}"
            raise DocumentError(
                path,
                f"has two zip entries named {named}, so which one Word shows is ambiguous; refusing it.",
                "corrupt",
            )
        if "EncryptedPackage" in self._infos or "EncryptionInfo" in self._infos:
            raise DocumentError(
                path, "is an encrypted (password-protected) Word file; save it as an unprotected .docx.", "encrypted"
            )
        self.main = self._main_part()
        if self.main not in self._infos:
            raise DocumentError(
                path, f"is a zip file but not a Word document (it has no {self.main}).", "wrong-type"
            )
        total = sum(i.file_size for i in infos)
        if total > limits.max_inflated_bytes:
            raise DocumentError(
                path,
                f"would inflate to {total / 1e6:.0f} MB, over the {limits.max_inflated_bytes / 1e6:.0f} MB limit.",
                "too-large",
            )
        for info in infos:
            if info.file_size <= _RATIO_FLOOR_BYTES:
                continue
            if info.compress_size <= 0 or info.file_size / info.compress_size > limits.max_zip_ratio:
                raise DocumentError(
                    path,
                    f"has a zip entry ({info.filename}) compressed more than {limits.max_zip_ratio:.0f} to 1"
                    " (a zip bomb?); refusing to inflate it.",
                    "too-large",
                )

    def _main_part(self) -> str:
        """The part the package relationships name as the office document (Word reads that one).

        A package without relationships (hand-made ones, this suite's fixtures) falls back
        to word/document.xml, where every producer puts it.
        """
        for rel in relationships(self, "_rels/.rels").values():
            if rel[0] == "officeDocument":
                return rel[1]
        return DOCUMENT_PART

    def part_relationships(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """The relationships of ``part``: id -> (type's last segment, target part, external)."""
        folder, _, name = part.rpartition("/")
        return relationships(self, f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels", folder)

    def has(self, name: str) -> bool:
        """Whether the package holds a part of that name."""
        return name in self._infos

    def read(self, name: str) -> bytes | None:
        """The part's bytes, never more than its declared size; None if absent."""
        info = self._infos.get(name)
        if info is None:
            return None
        declared = info.file_size
        try:
            with self._zip.open(info) as fh:
                data = fh.read(declared + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise DocumentError(
                self.path, f"is not a valid .docx file (part {name} is damaged: {exc}).", "corrupt"
            ) from None
        except RuntimeError:
            # NotImplementedError is caught above; the other RuntimeError is a zip-password entry.
            raise DocumentError(
                self.path, f"has a password-protected part ({name}); save it as an unprotected .docx.", "encrypted"
            ) from None
        if len(data) > declared:
            raise DocumentError(
                self.path, f"has a zip entry ({name}) larger than it declares (a zip bomb?).", "too-large"
            )
        return data

    def xml(self, name: str) -> etree._Element | None:
        """The part parsed with the hardened parser; None if absent. DTDs are refused."""
        data = self.read(name)
        if data is None:
            return None
        # Word never writes a DTD; one in a part can only be an entity-expansion trick.
        # In UTF-16/32 ASCII letters are padded with NULs; dropping them finds "<!DOCTYPE" too.
        narrow = data.replace(b"\x00", b"") if b"\x00" in data[:4] else data
        if b"<!DOCTYPE" in narrow or b"<!ENTITY" in narrow:
            raise DocumentError(
                self.path, f"part {name} declares a DTD or entities, which Word never writes; refusing it.", "corrupt"
            )
        if _STRICT_W_NS in data:
            data = data.replace(_STRICT_W_NS, W_NS.encode())
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise DocumentError(self.path, f"is not a valid .docx file ({name}: {exc}).", "corrupt") from None
        if root is None:
            raise DocumentError(self.path, f"is not a valid .docx file ({name} is empty).", "corrupt")
        # A DTD in an encoding the byte search does not foresee (UTF-32BE, EBCDIC) was
        # neither loaded nor expanded by the parser, but the part is refused all the same.
        if root.getroottree().docinfo.internalDTD is not None:
            raise DocumentError(
                self.path, f"part {name} declares a DTD or entities, which Word never writes; refusing it.", "corrupt"
            )
        return root


def relationships(pkg: Package, rels_part: str, base: str = "") -> dict[str, tuple[str, str, bool]]:
    """A .rels part as id -> (type's last segment, target resolved against ``base``, external)."""
    root = _optional_xml(pkg, rels_part)
    found: dict[str, tuple[str, str, bool]] = {}
    if root is None:
        return found
    for el in root:
        if not isinstance(el.tag, str) or etree.QName(el).localname != "Relationship":
            continue
        external = el.get("TargetMode", "").lower() == "external"
        target = el.get("Target", "")
        kind = el.get("Type", "").rstrip("/").rpartition("/")[2]
        found[el.get("Id", "")] = (kind, target if external else resolve_target(base, target), external)
    return found


def resolve_target(base: str, target: str) -> str:
    """A relationship's target as a part name: "/word/x.xml" from the root, "x.xml" from ``base``."""
    parts = [] if target.startswith("/") else [p for p in base.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def core_title(pkg: Package) -> str | None:
    """dc:title from docProps/core.xml, if set."""
    root = _optional_xml(pkg, "docProps/core.xml")
    if root is None:
        return None
    for el in root.iter("{http://purl.org/dc/elements/1.1/}title"):
        text = " ".join((el.text or "").split())
        return text or None
    return None


def app_pages(pkg: Package) -> int | None:
    """<Pages> from docProps/app.xml when the producing application really counted them.

    Templates (python-docx's among them) ship app.xml with Pages=1 and Words=0 that no
    one updates, so a count beside a zero word count is ignored.
    """
    root = _optional_xml(pkg, "docProps/app.xml")
    if root is None:
        return None
    values: dict[str, str] = {}
    for el in root:
        if isinstance(el.tag, str):
            values[etree.QName(el).localname] = (el.text or "").strip()
    try:
        pages = int(values.get("Pages", ""))
        words = int(values.get("Words", "0") or 0)
    except ValueError:
        return None
    if pages <= 0 or words <= 0:
        return None
    return pages


def _optional_xml(pkg: Package, name: str) -> etree._Element | None:
    """A metadata part, or None when it is absent or unreadable (metadata is never fatal)."""
    try:
        return pkg.xml(name)
    except DocumentError as exc:
        if exc.reason == "too-large":
            raise
        return None
