"""Words that say nothing about a theme, in the seven languages of the partners (folded: no accents, lower case).

Only words of four letters or more are listed: shorter words are never compared (``recurring.MIN_LETTERS``).
The lists are short on purpose: articles, pronouns, prepositions, conjunctions, auxiliaries and the filler words of
workshop talk ("also", "really", "sehr"). Anything else may be what two regions have in common.
"""

from __future__ import annotations

_WORDS = {
    "en": """about above after again against also although among another because been before being below between
        both could didn does doing down during each even every from further have having here into itself just
        like made make many more most much must need only other ours ourselves over same shall should some such
        than that their theirs them themselves then there these they this those through under until very want
        were what when where which while with within without would your yours really things thing something
        people lots able well still also always often every everyone""",
    "de": """aber alle allem allen aller alles also andere anderen auch auf aus bei beim bereits bist bitte damit
        dann darauf darum dass dazu dein deine dem den denn der des dessen deshalb dich dies diese diesem diesen
        dieser dieses doch dort durch eine einem einen einer eines einige etwas euch eure für gegen gibt habe
        haben hatte hatten hier hinter ihre ihrem ihren ihrer immer indem jede jedem jeden jeder jedes jetzt
        kann kein keine können könnte machen mehr mein meine mich mit muss müssen nach nicht noch nun nur oder
        ohne schon sehr sein seine sich sie sind soll sollen sondern über uns unser unsere unter viel viele vom
        von vor während wann warum was weil welche wenn werden wie wieder will wir wird wo wurde wurden zum zur
        zwischen einfach wirklich""",
    "cs": """ale anebo aniž bude budou by byl byla byli bylo být jak jaké jako jakož jeho jejich její jemu jenž
        jestli jestliže jiné již jsem jsme jsou jste kde kdo kdy když která které který kteří mezi mezi mít moje
        může musí nám nás naše náš nebo není než nich něco něj nějak některé nich ještě pak podle pokud potom
        pouze proto protože před přes při pro se sice své svůj tak také takže tato tedy ten tento této tím tímto
        toho tohle tom tomto toto tuto tyto více však všechno všichni vždy zde jsou opravdu""",
    "pl": """albo ale bardzo będzie będą bez bo był była byli było być chce czy dla dlatego gdy gdzie ich jak
        jakie jako jednak jego jej jest jeszcze już każdy kiedy która które który którzy lub między może można
        musi nad nam nas nasz nasza nasze nawet nich nie niż obok oraz pod ponieważ potem przed przez przy się
        sobie tak także tam tego tej ten też tylko tym wiele więc wszystko wszyscy zawsze żeby naprawdę""",
    "it": """anche ancora avere aveva avevano come con cosa così dalla dalle dallo degli della delle dello dentro
        dopo dove essere fare gli hanno loro molto nella nelle nello nostra nostre nostri nostro ogni perché
        però più poi prima quale quali quando quanto quella quelle quelli quello questa queste questi questo
        sempre senza siamo sono sopra sotto stata stato sulla sulle sullo tanto tra tutti tutto una uno verso
        davvero""",
    "sl": """ali bila bili bilo biti bodo bomo brez če čeprav da dokler ena eno ga glede jaz jih kaj kako kar kateri
        katera katere kje ko kot lahko le med mi moj moja mora mu na nad naj naša naše naši nas ne nekaj njihov
        njegov njen oziroma pa po pod pred pri saj se sem smo so tako tudi tam kjer vendar več vse vsi vsak zato
        zelo skozi zaradi resnično""",
    "nl": """aan alle alles als andere toch daar daarom dan dat deze die dit door een eens even geen hebben heeft
        hier hij hoe haar hun iets ieder jullie kan kunnen maar meer met moet moeten naar niet niets nog omdat
        onder ons onze ook over reeds tegen toen tot uit veel voor waar wanneer want waren wat werd wordt worden
        zich zijn zonder zoals zou zouden echt""",
}

RAW: dict[str, frozenset[str]] = {lang: frozenset(text.split()) for lang, text in _WORDS.items()}
