"""Whose voice a sentence is in, and what its main clause says.

Evidence has to earn its place. A sentence is the plan's own only when the plan's bodies
speak or act in it: the first person ("we", "our"), the ICB, its partner trusts, its
integrated care partnership or place partnerships (the ``own_subjects`` vocabulary). Any
other subject with a duty modal ("ICBs must", "A health and wellbeing board should"),
the statute's wording, reported speech ("the Director said"), a recommendation to
others and text about ICBs written by someone else are another voice, never evidence. A
subject nobody listed is not own voice by default: a sentence whose subject is a thing
("Waiting times will fall to 18 weeks") or a pronoun, or a fragment ("Fund 60 digital
champions"), takes its voice from where it stands (the paragraph, the list's lead-in, the
table, the section), which the evidence reader decides.

The words are the pack's vocabularies (``vocabulary:`` in pack.yaml); this module is the
grammar that uses them: find the subject (the words before the first finite verb, after a
leading adverbial), classify it, and cut the main clause (``focus``) from supporting
detail ("including ...", "such as ...", a parenthesis) so that a word in passing is not
taken for what the sentence is about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from jfp.engine.schema import Vocabulary
from jfp.engine.vocabulary import Matcher, compile_categories, plain

OWN = "own"  # the plan's bodies speak or act
OTHER = "other"  # someone else: guidance, statute, reported speech, other bodies
VIEWS = "views"  # others' views reported (residents told us): evidence of consultation only
INHERIT = ""  # the sentence alone does not say: its context decides

# The categories the engine uses, and what each one's examples test (see ``check_example``).
CATEGORIES = (
    # grammar
    "lead_words", "subordinators", "auxiliaries", "finite_verbs", "determiners", "pronouns", "focus_breaks",
    # voice
    "own_subjects", "other_subjects", "duty", "statute", "reporting", "reporting_aside", "recommending",
    "outside_author", "quoted_below", "other_organisations", "views", "correspondence",
    # strength
    "placeholder", "drafting_request", "pointer", "negated", "vague", "hedged", "firm", "concrete", "imperatives",
    # context
    "context_facts", "related_documents", "population_groups",
)

_TOKEN = re.compile(r"[a-z0-9\u00a3$%]+(?:'[a-z]+)*|[,;:()\"]")
_CONTRACTION = re.compile(r"^(we|they|it|there|that|who|you|i)'(ll|re|ve|d|s)$")
# The plan's own completed step: "we have added", "we extended".
_OWN_DONE = re.compile(r"\bwe (?:have |had )?(?:also )?\w{3,}ed\b")
_OUTLINE_NUMBER = re.compile(r"^\s*(?:part|chapter|section)?\s*[\d.]+[.:)]?\s+", re.I)
_PARENTHESIS = re.compile(r"\([^()]{0,400}\)")
# How far into a sentence its subject may end: beyond this, a sentence is read as a fragment.
_MAX_SUBJECT_TOKENS = 30
_MAX_LEAD_TOKENS = 25
_MAX_LABEL_TOKENS = 4  # "Children and young people:" before a sentence is its label
_MAX_LABEL_SPAN = 40  # tokens a label may take with its quoted title and bracketed aside


# A subject's head ends at its first preposition other than "of": "the pressure on ICB running
# costs" is a pressure, not the ICB; "the chief executive of the ICB" stays the ICB's.
_SUBJECT_HEAD_ENDS = frozenset({"on", "in", "for", "with", "from", "to", "about", "across", "against", "into",
                                "over", "under", "between", "at", "within", "through", "upon", "towards"})


def _subject_head(subject: str) -> str:
    words = subject.split()
    for i, w in enumerate(words):
        if i and w in _SUBJECT_HEAD_ENDS:
            return " ".join(words[:i])
    return subject


def _outside_brackets(tokens: list[str]) -> list[str]:
    """The subject's words without a bracketed aside: "the Leadership Council (section 6)" is
    the council, not a statute's section."""
    words: list[str] = []
    depth = 0
    for t in tokens:
        if t == "(":
            depth += 1
        elif t == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and t[0].isalnum():
            words.append(t)
    return words


def _head(tokens: list[str], start: int, anchor: int | None) -> str:
    begin = anchor if anchor is not None else start
    end = len(tokens)
    for k in range(begin + 2, len(tokens)):
        if tokens[k] in _CLAUSE_HEAD_ENDS:
            end = k
            break
    return " ".join([t for t in tokens[start:end] if t[0].isalnum()])  # a list joins faster than a generator


_CLAUSE_OPENERS = frozenset("that which who whose whom where when whether if".split())
# The document naming itself as a sentence's subject: "this plan", "this strategic commissioning plan".
_PLAN_ITSELF = re.compile(r"(?:this|our) (?:(?:joint|forward|five|year|strategic|commissioning|system|delivery|"
                          r"local|narrative|refreshed) )*(?:plan|document|refresh)")
_ARRANGEMENT = frozenset("member members part represented responsible accountable jointly".split())
_COPULA = frozenset("is are was were".split())
_MIN_GERUND_ITEM = 8
# Where the clause head ends: a preposition, a relative or a clause break after the verb
# ("of" does not end it: "the value of research" is what the clause is about).
_CLAUSE_HEAD_ENDS = frozenset((", ; : ( to for with across through by from as that which who so in on at "
                               "into within between among including").split())
_QUOTE = re.compile(r"[\"\u201c\u201d]")
_OPENS_QUOTE = re.compile(r"^\W{0,3}[\"\u201c]")  # a paragraph of a quotation ('"Sadly, people here ...')
_QUOTED_WE = re.compile(r"[:,]\s*[\"\u201c]\s*(?:we|our|it is our)\b")
# A word after which a first word that could be a verb is a noun: "Support for carers ...".
_NOT_AFTER_IMPERATIVE = frozenset("for of from to in on at with and or as by".split())
_PARTICIPLE = re.compile(r"(?:ed|en|wn|ilt|ung|un|ade|ought|ept|eld|et)$")


def _describes(tokens: list[str], anchor: int) -> bool:
    """Whether the main verb is "is/are" describing ("Core20 is the most deprived 20%"), not a
    passive action ("was launched") or an aim ("is to halve", "is due", "are now")."""
    if tokens[anchor] not in _COPULA:
        return False
    nxt = tokens[anchor + 1] if anchor + 1 < len(tokens) else ""
    if not nxt or _PARTICIPLE.search(nxt) or nxt.endswith("ing") or nxt in ("to", "now", "due", "set", "on", "expected", "planned"):
        return False
    # "The directors are members of our committee", "The board is responsible for ...": an
    # arrangement of who takes part or answers for what, not a definition.
    if nxt in _ARRANGEMENT or (nxt in ("a", "an", "the") and anchor + 2 < len(tokens) and tokens[anchor + 2] in _ARRANGEMENT):
        return False
    # "It is the opinion of the Board that ...": the Board's opinion stated, not a definition.
    if tokens[anchor - 1:anchor] == ["it"] and any(t in ("opinion", "view") for t in tokens[anchor + 1:anchor + 4]):
        return False
    return not any(t in ("will", "target", "aim", "ambition", "by") for t in tokens[anchor:])


# A list of three or more short items: "a, b, c and d" (each item up to four words).
_ENUMERATION = re.compile(r"(?:\b[\w'-]+(?: [\w'-]+){0,3}, ){2,}(?:and |or )?(?:[\w'-]+ ){0,3}?(?:and|or) [\w'-]+(?: [\w'-]+){0,2}")
_ITEM_SPLIT = re.compile(r",|\band\b|\bor\b")
# A later clause in the first person: "..., however, we must ...", "...; we will ...".
_LATER_WE = re.compile(r"(?:[,;:]|\b(?:and|but|so|however|therefore))\s+we\s+(?:will|must|are|have|can|need|shall|aim|plan|want|"
                       r"intend|continue|work|would|should)\b")
_LATER_WE_DUTY = re.compile(r"\bwe\s+(?:must|need to|should|have to)\b")
# An opening "as" that is a phrase, not a clause with its own verb ("As a result we added ...").
_AS_PHRASE = re.compile(r"as (?:a result|a consequence|part of|well as|an? (?:icb|system|partnership)\b|partners\b)", re.I)
# Words that open a verb's object: after a word in -s they show the word is a verb.
_OBJECT_OPENERS = frozenset("the a an our its their this these every each all both to into with".split())


@dataclass(frozen=True)
class Reading:
    """What one sentence says about its own voice."""

    voice: str  # OWN, OTHER, VIEWS or INHERIT
    reason: str  # first person, own body, restated, reported, recommends, outside, other body, pronoun, thing, fragment, imperative
    subject: str  # the subject words found, in plain form ("" when there is no finite verb)
    focus: str  # the main clause in plain form: what the sentence is about
    duty: bool  # a duty modal ("must", "should", "is required to") is in the sentence
    first_person: bool  # "we", "us", "our"
    description: bool = False  # "X is/are Y": the main verb describes, it does not act
    head: str = ""  # the subject and verb phrase, before the first preposition after the verb ("of" goes on)


class VoiceModel:
    """A pack's vocabularies compiled for reading sentences."""

    def __init__(self, vocabulary: dict[str, Vocabulary]) -> None:
        self.vocabulary = vocabulary
        self.m: dict[str, Matcher] = compile_categories(vocabulary, CATEGORIES)
        # Each category an attribute too (model.concrete): found directly, where __getattr__ is
        # reached only after a failed lookup, thousands of times a plan.
        self.__dict__.update(self.m)
        # Placeholders and drafting requests as one matcher: every passage is asked both.
        both = [vocabulary[n] for n in ("placeholder", "drafting_request") if n in vocabulary]
        merged = both[0].model_copy(update={"terms": [t for v in both for t in v.terms],
                                            "patterns": [p for v in both for p in v.patterns]}) if both else None
        self._placeholder_or_request = compile_categories({"any": merged} if merged else {}, ("any",))["any"]
        words = lambda name: {t for t in (vocabulary[name].terms if name in vocabulary else []) if " " not in t}  # noqa: E731
        self._aux = words("auxiliaries")
        self._determiners = words("determiners")
        self._pronouns = words("pronouns")
        # A single word is a finite verb when it is one of the terms or fits a pattern ("\w{2,}ed").
        self._finite_words = words("finite_verbs")
        patterns = vocabulary["finite_verbs"].patterns if "finite_verbs" in vocabulary else []
        self._finite_rx = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        self._first_person = {"we", "us", "our", "ours", "ourselves"}

    def __getattr__(self, name: str) -> Matcher:
        try:
            return self.__dict__["m"][name]
        except KeyError:
            raise AttributeError(name) from None

    # ------------------------------------------------------------------ the sentence

    def read(self, sentence: str) -> Reading:
        """The voice of one sentence, judged from the sentence alone (with its clause head)."""
        p = plain(sentence)
        tokens = self._tokens(p)
        start = self._subject_start(tokens, p)
        anchor = self._anchor(tokens, start)
        reading = self._read(p, tokens, start, anchor)
        if reading.voice != OTHER:
            # Set on the reading just made (dataclasses.replace would copy it: a tenth of a read).
            object.__setattr__(reading, "head", _head(tokens, start, anchor))
        return reading

    def names_organisation(self, heading: str) -> bool:
        """Whether a heading is an outside organisation's name and nothing else ("3.3 Tarnbridge
        Borough Council"): the heading of that organisation's chapter."""
        p = plain(_OUTLINE_NUMBER.sub("", heading)).strip()
        hit = self.m["other_organisations"].search(p) if p else None
        return hit is not None and hit.start() == 0 and len(hit.group(0).split()) >= len(p.split())

    def is_placeholder(self, p: str) -> bool:
        """Whether a plain text is a placeholder or a drafting note, not content."""
        return bool(self._placeholder_or_request(p))

    def reports(self, p: str) -> bool:
        """Whether a reporting verb is used as one: "the Director said", not the aside "as
        described in chapter 3" or "the targets are stated in the annex", which point to text."""
        if not self.m["reporting"](p):
            return False
        aside = self.m["reporting_aside"].rx
        if aside is None:
            return True
        rest = aside.sub(" ", p)
        return rest == p or self.m["reporting"](rest)

    def head(self, p: str) -> str:
        """The subject and verb phrase of a sentence: up to the first preposition or clause break
        after its verb's first words ("our plans include delivering sdm training | across our
        workforce"). What a requirement is named in here, the sentence is about."""
        tokens = self._tokens(p)
        start = self._subject_start(tokens, p)
        return _head(tokens, start, self._anchor(tokens, start))

    def _read(self, p: str, tokens: list[str], start: int, anchor: int | None) -> Reading:
        subject_words = _outside_brackets(tokens[start:anchor]) if anchor is not None else []
        subject = " ".join(subject_words)
        first_person = not self._first_person.isdisjoint(subject_words) or (
            anchor is None and bool(tokens) and tokens[0] in self._first_person)
        duty = self.m["duty"](p)
        focus = self.focus(p)
        if self.m["views"](p) and not (duty and not first_person and anchor is not None and self._main_duty(tokens, anchor)) \
                and not (first_person and anchor is not None and not self.m["views"](" ".join(tokens[:anchor + 4]))):
            # Views reported, unless a duty is the main verb: "The plan must summarise what
            # consultees said" is the guidance restated, "Residents said care must improve" a view.
            # In the first person, only views in the clause head ("we heard", "we listened to")
            # make a view: "We will review these services using the views of a panel" is a step.
            return Reading(VIEWS, "views", subject, focus, duty, first_person)
        if _QUOTE.search(p) and (self.reports(p) or _QUOTED_WE.search(p) or _OPENS_QUOTE.match(p)):
            # '"We will open three hubs," said the chief executive', 'The ICB predicts: "we are
            # confident ..."': a quotation is its speaker's words, not the document's.
            return Reading(OTHER, "reported", subject, focus, duty, False)
        for name, reason in (("outside_author", "outside"), ("recommending", "recommends"), ("statute", "restated")):
            if self.m[name](p):
                return Reading(OTHER, reason, subject, focus, duty, first_person)
        # An action item may follow its label or opening phrase: 'Brack City strategy, "Best
        # start in life": open 8 family hubs ...', "By 2027, train 40 nurses".
        if tokens and (self._imperative(tokens, p) or (
                0 < start < len(tokens) and self._imperative(tokens[start:], " ".join(tokens[start:])))):
            if duty and self._duty_before_clause(tokens):
                return Reading(OTHER, "restated", "", focus, duty, first_person)
            return Reading(INHERIT, "imperative", "", focus, duty, first_person)
        if anchor is None and first_person:
            return Reading(OWN, "first person", "", focus, duty, True)
        if anchor is None:
            if self.reports(p):
                return Reading(OTHER, "reported", "", focus, duty, first_person)
            if duty:
                return Reading(OTHER, "restated", "", focus, duty, first_person)
            return Reading(INHERIT, "fragment", "", focus, duty, first_person)
        if first_person:
            # Only a duty on the plan's own verb makes its aim a duty ("We must move care closer
            # to home"), not one inside its object ("we will publish a protocol of whose advice
            # must be sought").
            return Reading(OWN, "first person", subject, focus, duty and self._main_duty(tokens, anchor), True)
        verb = " ".join(tokens[anchor:anchor + 3])
        if self.m["reporting"].at_start(verb) and not self.m["reporting_aside"].at_start(verb):
            # "Professor X, Chief Executive of the Trust, said: ..." is the Professor's words, not the plan's.
            return Reading(OTHER, "reported", subject, focus, duty, False)
        # The subject's head decides: "ICBs and their partner trusts" is the ICBs (others);
        # "The ICB and NHS England" is the ICB (own).
        other_first = bool(subject) and self.m["other_subjects"].at_start(subject)
        own_body = bool(subject) and not other_first and self.m["own_subjects"](f" {_subject_head(subject)} ")
        if own_body and not (duty and self._main_duty(tokens, anchor)):
            # A duty only in a later clause ("The ICB will cut costs by 30 per cent, and the shared
            # service is expected to save £6 million") leaves the ICB's own step standing.
            return Reading(OWN, "own body", subject, focus, False, False)
        # Reported speech: someone other than the plan's bodies said, explained or noted it
        # (a duty on the main verb is the guidance: "The plan must summarise what consultees said").
        if self.reports(p) and not (duty and self._main_duty(tokens, anchor)):
            return Reading(OTHER, "reported", subject, focus, duty, False)
        later = self._later_clause_voice(tokens, anchor)
        if later == "own body" and duty:
            return Reading(OTHER, "restated", subject, focus, duty, False)
        if not own_body and later is not None:
            # "This can be challenging ...; however, we must give it due consideration", "Both
            # directors sit on our board, and our Council advises on every change": a later clause
            # speaks as the plan.
            return Reading(OWN, later, subject, focus, bool(_LATER_WE_DUTY.search(p)), later == "first person")
        if own_body:
            # The ICB in the third person with a duty modal is the guidance's voice ("The ICB must ...").
            return Reading(OTHER, "restated", subject, focus, duty, False)
        if other_first or (subject and self.m["other_subjects"](f" {subject} ")):
            return Reading(OTHER, "restated" if duty else "other body", subject, focus, duty, False)
        if duty and self._duty_outside_relatives(tokens):
            # "Plans should describe ...", "It must also set out ...", "Care must be personalised";
            # not a duty inside a relative clause ("every Board paper has a box that must be completed").
            return Reading(OTHER, "restated", subject, focus, duty, False)
        describes = _describes(tokens, anchor)
        if describes and (_PLAN_ITSELF.fullmatch(subject) or any(t in self._first_person for t in tokens[anchor + 1:])):
            # "This plan is our joint forward plan", "This strategic commissioning plan is also the
            # joint forward plan of ...", "Core20PLUS5 is our approach to ...": the plan says what it,
            # or something, is to it, in its own voice.
            return Reading(OWN, "first person", subject, focus, duty, True)
        if subject in self._pronouns:
            return Reading(INHERIT, "pronoun", subject, focus, duty, False, describes)
        return Reading(INHERIT, "thing", subject, focus, duty, False, describes)

    def _duty_before_clause(self, tokens: list[str]) -> bool:
        """A duty modal in the first clause ("Ensure every ICB must ..."), not in a later one
        ("Include research in contracts, so that providers are expected to ...")."""
        words = []
        for t in tokens:
            if t in (",", ";", ":", "so") or t in _CLAUSE_OPENERS or t == "because":
                break
            words.append(t)
        return self.m["duty"](" ".join(words))

    def _duty_outside_relatives(self, tokens: list[str]) -> bool:
        """A duty modal outside the sentence's relative clauses ("that must be completed" up to
        the next comma or the end does not count)."""
        words: list[str] = []
        inside = False
        for t in tokens:
            if t in ("that", "which", "who", "whose"):
                inside = True
            elif t in (",", ";", ":"):
                inside = False
            if not inside:
                words.append(t)
        return self.m["duty"](" ".join(words))

    def _main_duty(self, tokens: list[str], anchor: int) -> bool:
        """Whether the verb phrase at ``anchor`` carries a duty modal ("must", "will need to")."""
        words = []
        for t in tokens[anchor:anchor + 4]:
            # A contraction's verb is a token of its own ("we'll need to": "we", "'ll", "need").
            if not (t[0].isalnum() or t.startswith("'")) or t in _CLAUSE_OPENERS:
                break
            words.append(t)
        return self.m["duty"](" ".join(words))

    def _imperative(self, tokens: list[str], p: str) -> bool:
        """An action item in the imperative ("Fund community partners to ...", "Train 40 nurses"),
        not a noun that happens to be a verb ("Support for carers will ...")."""
        if not self.m["imperatives"].at_start(p.lstrip(" -*\u2022\"'")):
            # A gerund leads an action item only in a line long enough to be one: "Supporting our
            # workforce and our carers" is a theme's title.
            if not (len(tokens) >= _MIN_GERUND_ITEM and self._gerund(tokens[0])):
                return False
        nxt = tokens[1] if len(tokens) > 1 else ""
        if nxt in _NOT_AFTER_IMPERATIVE and not self.m["imperatives"].at_start(tokens[0]) and self._gerund(tokens[0]) is False:
            # A verb of two words ("Work with ...", "Listen to ..."): its preposition is its own.
            return len(tokens) > 2 and tokens[2] not in self._aux
        return nxt not in _NOT_AFTER_IMPERATIVE and nxt not in self._aux and not nxt.startswith("'")

    def _gerund(self, word: str) -> bool:
        """An action item led by a verb in -ing ("supporting more patient choice", "tackling ...")."""
        if len(word) < 6 or not word.endswith("ing"):
            return False
        stem = word[:-3]
        candidates = {stem, stem + "e"} | ({stem[:-1]} if len(stem) > 2 and stem[-1] == stem[-2] else set())
        return any(self.m["imperatives"].at_start(c) for c in candidates)

    def is_context_fact(self, p: str, reading: Reading, lead_in: Reading | None = None, judged: str = "") -> bool:
        """A descriptive fact about the population or the service, not a step (the plan's own
        target in the future tense is not a fact: "we will reach 23% of our population", or a
        bullet "extend support teams to 80% of pupils" under "For them we will:")."""
        if not self.m["context_facts"](p) or reading.reason == "imperative":
            # An action item's figures are its targets ("open 8 family hubs | 75% of children at
            # a good level of development by 2029"), not facts about the population.
            return False
        judged = f" {judged or p} "
        if " will " in judged and (reading.first_person or (lead_in is not None and lead_in.first_person)):
            return False
        # "Ashby East is among the most deprived fifth of areas, and we have added two groups of
        # our own": the fact is the reason for the plan's own completed step in the next clause.
        return not (_OWN_DONE.search(judged) and (
            reading.first_person or self._later_clause_voice(*self._clause_anchor(p)) == "first person"))

    def _clause_anchor(self, p: str) -> tuple[list[str], int]:
        tokens = self._tokens(p)
        anchor = self._anchor(tokens, self._subject_start(tokens, p))
        return tokens, anchor if anchor is not None else 0

    def _later_clause_voice(self, tokens: list[str], anchor: int) -> str | None:
        """"first person" or "own body" when a later clause of the sentence has such a subject."""
        for k in range(anchor + 1, len(tokens) - 1):
            if tokens[k] not in (",", ";") and not (tokens[k] in ("and", "but", "so", "however", "therefore")
                                                    and tokens[k - 1] in (",", ";")):
                continue
            start = k + 1
            while start < len(tokens) and tokens[start] in ("and", "but", "so", "however", "therefore", ","):
                start += 1
            end = self._anchor(tokens, start)
            if end is None or end == start:
                continue
            words = [t for t in tokens[start:end] if t[0].isalnum()]
            if any(t in self._first_person for t in words):
                return "first person"
            if words and self.m["own_subjects"](f" {' '.join(words)} ") and not self.m["other_subjects"].at_start(" ".join(words)):
                return "own body"
        return None

    def focus(self, p: str) -> str:
        """The main clause of a sentence in plain form: without parentheses and supporting detail.

        A list of three or more groups of people ("children, young people, families and adults")
        stands for everyone, so it is replaced by that word: none of the groups is the subject.
        Most sentences have none of these, and are their own main clause.
        """
        text = _PARENTHESIS.sub(" ", p) if "(" in p else p
        if self.m["focus_breaks"].found(text):
            cut = self.m["focus_breaks"].search(text)
            if cut is not None and cut.start() > 0:
                text = text[: cut.start()]
        if text.count(",") >= 2:
            text = _ENUMERATION.sub(self._everyone, text)
        return text

    @staticmethod
    def without_lists(focus: str) -> str:
        """The main clause without the items of its long lists (four or more) after the first:
        what is only one item of "clinical consumables, medical equipment, estates and
        facilities, and agency staffing" is a member of a list, not the subject."""
        if focus.count(",") < 2:
            return focus
        def first_item(m: re.Match[str]) -> str:
            items = [i for i in _ITEM_SPLIT.split(m.group(0)) if i.strip()]
            # The first item stays: it is often the end of the phrase before the list ("written
            # responses from residents, patients, ...").
            return f" {items[0]} " if len(items) >= 4 else m.group(0)

        return _ENUMERATION.sub(first_item, focus)

    def _everyone(self, m: re.Match[str]) -> str:
        items = [i for i in _ITEM_SPLIT.split(m.group(0)) if i.strip()]
        groups = sum(1 for i in items if self.m["population_groups"](i))
        return " everyone " if len(items) >= 3 and groups >= len(items) - 1 else m.group(0)

    # ------------------------------------------------------------------ grammar

    @staticmethod
    def _tokens(p: str) -> list[str]:
        if "'" not in p:
            return _TOKEN.findall(p)  # no contraction to split (most sentences)
        out: list[str] = []
        for t in _TOKEN.findall(p):
            m = _CONTRACTION.match(t)
            if m:
                out += [m.group(1), "'" + m.group(2)]
            else:
                out.append(t)
        return out

    def _subject_start(self, tokens: list[str], p: str) -> int:
        """Where the subject begins: after a leading adverbial's comma ("By 2027, we will ...").

        Only a comma before the clause's first finite verb ends an adverbial: in "With partners
        we will fund hubs, and every hub will ..." the subject is found before the comma.
        """
        if not tokens:
            return 0
        # "Research: the ICB will ...", "Workforce - we will ...": a label before a colon is not
        # the subject. Only a few words with no verb of their own make a label.
        label = self._label_end(tokens)
        if label:
            return label
        opening = p.lstrip(" -*\u2022\"'")
        # A clause with a verb of its own; "As a result we added ..." opens with a phrase, not a clause.
        phrase = _AS_PHRASE.match(opening) is not None
        clause = self.m["subordinators"].at_start(opening) and not phrase
        if not clause and not phrase and not self.m["lead_words"].at_start(opening):
            return 0
        for i, t in enumerate(tokens[:_MAX_LEAD_TOKENS]):
            if t == ",":
                return i + 1
            if phrase and t == "we":
                return i  # the subject comes before any comma ("As a result we added X, named Y")
            if not clause and (t in self._aux or t.startswith("'")):
                return 0
        return 0

    def _label_end(self, tokens: list[str]) -> int:
        """Where a label before a colon ends ("Research:", 'Brack City strategy, "Best start in
        life" (target: 75% by 2029):'), or 0. A label is a few words with no verb of their own;
        a quoted title and a bracketed aside inside it do not count against it."""
        span = tokens[:_MAX_LABEL_SPAN]
        if ":" not in span:  # most sentences: no colon, no label
            return 0
        words, depth, quoted = 0, 0, False
        for i, t in enumerate(span):
            if t == '"':
                quoted = not quoted
            elif t == "(":
                depth += 1
            elif t == ")":
                depth = max(0, depth - 1)
            elif depth or quoted:
                continue
            elif t == ":":
                return i + 1 if words and i + 1 < len(tokens) else 0
            elif t == ",":
                continue
            elif not t[0].isalnum() or t in self._aux or self._finite(t):
                return 0
            else:
                words += 1
                if words > _MAX_LABEL_TOKENS:
                    return 0
        return 0

    def _anchor(self, tokens: list[str], start: int) -> int | None:
        """The index of the first finite verb after ``start`` (None: the sentence has none)."""
        end = min(len(tokens), start + _MAX_SUBJECT_TOKENS)
        for k in range(start, end):
            t = tokens[k]
            if t in self._aux or t.startswith("'"):
                return k
            if k > start and self._finite(t) and self._finite_here(tokens, k):
                return k
            if self._present_verb(tokens, k, start):
                return k
        return None

    def _finite(self, t: str) -> bool:
        return t in self._finite_words or (self._finite_rx is not None and self._finite_rx.fullmatch(t) is not None)

    def _finite_here(self, tokens: list[str], k: int) -> bool:
        """A past-tense form is a verb here, not an adjective ("integrated care")."""
        t = tokens[k]
        if not t.endswith("ed"):
            return True
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
        # Before a colon it is a form's label ("Evidence used: JSNA chapters ..."), not a verb.
        return nxt != ":" and (nxt in self._determiners or not nxt or not nxt[0].isalnum())

    def _present_verb(self, tokens: list[str], k: int, start: int) -> bool:
        """A word in -s after a subject of two words or more, before an article or possessive, is a
        verb in the present tense ("The Quality Committee receives the report")."""
        t = tokens[k]
        if k < start + 2 or len(t) < 4 or not t.endswith("s") or t.endswith(("ss", "us", "is", "'s")):
            return False
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
        if nxt in _OBJECT_OPENERS or nxt[:1].isdigit():
            return True
        # After the whole name of one of the plan's bodies, a word in -s is its verb whatever
        # follows ("The ICB obtains clinical advice", "The Trust runs community services"),
        # unless a verb follows it: "The ICB and partner trusts are ..." (a noun, the subject goes on).
        if nxt in self._aux or (self._finite(nxt) and not nxt.endswith("s")):
            return False
        subject = " ".join(tokens[start:k])
        hit = self.m["own_subjects"].search(subject)
        return hit is not None and hit.start() == 0 and len(hit.group(0)) == len(subject)

    # ------------------------------------------------------------------ vocabulary examples

    def check_example(self, category: str, sentence: str) -> bool:
        """Whether ``category`` finds what its examples say in ``sentence``, in the role the engine gives it.

        Subject vocabularies are tested on the sentence's subject (own_subjects: the sentence is
        read as the plan's own; other_subjects: as another body's); grammar vocabularies by their
        effect (lead_words: the subject starts after a comma; focus_breaks: the main clause is cut;
        auxiliaries, finite_verbs: a finite verb is found); the others by a search of the sentence.
        """
        p = plain(sentence)
        reading = self.read(sentence)
        if category == "own_subjects":
            return reading.voice == OWN and not reading.first_person
        if category == "other_subjects":
            return reading.voice == OTHER and bool(reading.subject)
        if category in ("lead_words", "subordinators"):
            return self._subject_start(self._tokens(p), p) > 0
        if category == "focus_breaks":
            return self.focus(p).strip() != _PARENTHESIS.sub(" ", p).strip()
        if category in ("auxiliaries", "finite_verbs", "determiners"):
            tokens = self._tokens(p)
            return self._anchor(tokens, self._subject_start(tokens, p)) is not None
        if category == "pronouns":
            return reading.reason == "pronoun"
        if category == "population_groups":
            return " everyone " in f" {self.focus(p)} " and " everyone " not in f" {p} "
        if category == "context_facts":
            return self.is_context_fact(p, reading)
        if category == "imperatives":
            return reading.reason == "imperative"
        if category == "other_organisations":
            return self.names_organisation(sentence)
        if category == "reporting_aside":
            return self.m["reporting"](p) and not self.reports(p)
        return self.m[category](p)
