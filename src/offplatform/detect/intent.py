"""Intent: the message asks or offers to move the conversation (or the payment) off the platform,
with no concrete detail ("what's your WhatsApp?", "add me on the green app", "let's talk outside
so we avoid the fee", "google my company", "same name as here on telegram").

Mechanism, not a phrase list: a *request or offer* (a verb of giving or asking, "do you have",
a verb of talking plus a preposition of medium) next to a *channel* (an app name, a misspelling
with the same consonant skeleton, a logo nickname, or a contact noun such as "email" or
"number"), or a phrase that names leaving the platform itself ("outside the platform",
"work together directly", "avoid the fee"), or a pointer to where the contact can be found
("same name as here", "my number is in my profile photo", "google my company").

Every candidate then passes named checks that rule it out: negation ("I won't ask for your
number"), talk about the rules ("let's keep everything here"), reported speech ("someone asked
for my WhatsApp"), warnings, and the app being the topic of the job ("WhatsApp Business API").

Performance: one Aho-Corasick pass over the text (:func:`~.anchors.message_families`) says which rule
families can fire; a message with no anchor costs that pass only, and the rarer request forms
run only when their hint word is present. A woken pattern then runs only if the message's word
set holds the other words every match needs (word gates, :class:`~.cues.WordGate`): common words
("could we", "pay", "site") wake families whose patterns ordinary job talk can never complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..finding import Finding, Kind
from ..lexicon import MESSAGING_APPS, SOCIAL_NETWORKS, trie_regex
from ..normalize import NormalizedText
from ..normalize.text import word_set
from .anchors import message_families
from .base import BaseDetector, finditer_at, is_word_char, make_finding
from .cues import (
    CONTACT_NOUNS,
    NON_CONTACT_QUALIFIERS,
    WordGate,
    alt,
    compile_fast,
    fast_alternation,
    app_pattern,
    app_spellings,
    clause_bounds,
    contact_noun_pattern,
    first_word,
    gap,
    gate,
    is_job_topic,
    is_negated,
    is_reported_speech,
    is_stay_on_platform_talk,
    is_warning,
    passes_all,
    weak_app_pattern,
)

#: Possessive words before a noun ("your", "ur", "tu", "apna", "твой").
_POSSESSIVE_WORDS = (
    "your", "ur", "yr", "ya", "yours", "u r", "tu", "tus", "teu", "tua", "seu", "sua", "vosso", "ton",
    "ta", "votre", "vos", "dein", "deine", "deinen", "ihre", "ihren", "твой", "твою", "ваш", "ваше",
    "вашу", "свой", "свою", "tuo", "tua", "apna", "apni", "apne", "aapka", "aapki", "aapna", "mo", "iyong", "kamu",
    "tumhara", "tumhari", "tumhare", "tera", "teri", "tere",
    "anda", "il tuo", "la tua",
    "twój", "twoj", "twoje", "twojego", "swój", "swoj", "swoje", "swojego", "jouw", "je", "uw",  # Polish, Dutch
)
_POSSESSIVE = alt(_POSSESSIVE_WORDS)
#: Possessives that follow the noun ("nomor WA nya", "namba yako", "number mo", "nomor WA kakak"):
#: single words, then the few of two words (each holds a word of the second set).
_POSSESSIVE_AFTER_WORDS = frozenset({
    "nya", "yako", "yangu", "mo", "mu", "kamu", "anda", "aapka", "tera",
    "kakak", "kak", "agan", "gan", "mas", "mbak", "bang", "lu", "lo",  # Indonesian "you"
    "حقك", "تبعك", "بتاعك",  # Arabic "yours"
})
_POSSESSIVE_AFTER_PHRASES = ("الخاص بك", "của bạn", "của anh", "của chị", "của em")  # Arabic, Vietnamese "yours"
_POSSESSIVE_AFTER = alt([*sorted(_POSSESSIVE_AFTER_WORDS), *_POSSESSIVE_AFTER_PHRASES])
#: The ``ask_suffix`` pattern ends with one of these possessives: a word of the text, or a phrase's first word.
_POSSESSIVE_AFTER_GATE = gate(*_POSSESSIVE_AFTER_WORDS, *_POSSESSIVE_AFTER_PHRASES)

#: Verbs of giving/sharing, in the languages of the traffic.
_GIVE_WORDS = (
    "send", "share", "drop", "give", "pass", "leave", "post", "write", "forward", "gimme", "lmk", "let me know",
    "tell", "dm", "text", "pásame", "pasame", "pasa", "pásalo", "passa", "me passa", "manda",
    "mande", "envía", "envia", "enviame", "envíame", "envoie", "envoyez", "donne", "donnez",
    "schick", "gib", "geben", "скинь", "скиньте", "дай", "дайте", "пришли", "пришлите",
    "напиши", "nitumie", "tuma", "kirim", "kirimin", "kasih", "minta", "boleh minta",
    "ارسل", "ارسلي", "ابعت", "ابعتلي", "عطني", "padala", "bigay", "bhejo", "bhej", "share karo",
    "send karo", "de do", "dedo", "what's", "whats", "what is", "wat's", "wats", "me pasas",
    "pasas", "mándame", "mandame", "dame", "dime", "donne-moi", "envoie-moi", "gib mir",
    "дай мне", "скинь мне", "kasih tau", "bigay mo", "donner", "envoyer", "filer", "nipe",
    "makuha", "pahingi", "dammi", "mandami", "passami", "mi dai", "ho bisogno del",
    "ho bisogno della", "passar", "me passar", "me mandar", "mandar", "gửi mình", "gửi em", "gửi anh", "gửi chị", "gửi tôi", "gửi cho mình", "gửi cho em",
    "gửi cho tôi",
    "mi lasci", "lasciami", "mi passi", "mi lascia", "daj", "daj mi", "podaj", "wyślij", "prześlij", "geef", "geef me", "stuur", "stuur me", "me das", "me dás",
    "qual é", "qual", "cuál es", "cual es", "quel est", "wie ist",
)
_GIVE = alt(_GIVE_WORDS)
#: Verbs of talking/moving; followed by a preposition of medium they point at a channel.
_TALK_WORDS = (
    "talk", "talking", "chat", "chatting", "continue", "move", "moving", "switch", "go", "hop",
    "jump", "connect", "discuss", "speak", "communicate", "text", "message", "msg", "write",
    "dm", "ping", "call", "reach", "contact", "find", "add", "follow", "hit me up", "get in touch",
    "meet", "catch up", "sync", "hmu", "hit me", "holla", "book", "book a slot", "grab a slot", "pick a slot",
    "book a call", "grab a time", "pick a time", "reply", "respond", "answer", "touch base", "keep in touch",
    "passer", "passons", "parler", "parlons", "parlons-en", "discutons", "continuons", "écris-moi", "écrivez-moi",
    "écrire", "ecrire", "discuter", "continuer", "hablar", "escribirme", "escribime",
    "hablamos", "hablemos", "escribir", "escríbeme", "escribeme", "seguir", "falar", "falamos",
    "conversar", "chama", "me chama", "manda", "reden", "lass uns", "lasst uns", "schreiben", "schreib", "sprechen",
    "klären", "besprechen", "wechseln", "писать", "пиши", "напиши", "общаться", "созвонимся",
    "созвониться", "перейти", "перейдем", "переходим", "давайте", "давай", "ongea", "tuongee",
    "tuzungumze", "ngobrol", "lanjut", "hubungi", "kontak", "chat", "baat", "usap", "mag-usap",
    # more languages of the traffic: es, ru, it, sw, ar, tl, pt
    "seguimos", "sigamos", "continuamos", "continuemos", "hablamos", "platicamos", "перейдём", "продолжим",
    "спишемся", "общаемся", "parliamo", "parlare", "sentiamoci", "scriviamoci", "continuiamo", "scrivimi",
    "tuendelee", "tuwasiliane", "kuongea", "نكمل", "نتكلم", "نتواصل", "كلمني", "تواصل معي",
    "vamos conversar", "bora", "chat tayo", "do this", "vamos", "vamo", "mag-zoom", "mag-usap tayo",
    # a direct message on a social app: "pm me on fb", "inbox me on ig"
    "pm", "inbox",
    # Vietnamese "nhắn em qua zalo", "liên hệ mình qua telegram"
    "nhắn", "nhắn tin", "liên hệ", "liên lạc", "gọi",
)
_TALK = alt(_TALK_WORDS)
#: Short words allowed between the talking verb and the preposition ("move this conversation to").
_TALK_OBJECT = alt([
    "me", "us", "you", "u", "with me", "with you", "each other", "later", "up", "again",
    "further", "this", "it", "the conversation", "the chat", "this conversation", "this chat",
    "our conversation", "the discussion", "things", "everything", "more", "directly",
    "this convo", "the convo", "our convo", "this thread", "the thread", "this discussion",
    "our chat", "our talk",
    "privately", "quickly", "real quick", "a hi", "hi", "hello", "a message", "a msg", "a text",
    "a dm", "um oi", "oi", "mensagem", "uma mensagem", "un mensaje", "mensaje", "un message",
    "better", "mejor", "melhor", "lieber", "das", "es", "lo", "la", "le", "now", "instead",
    "there", "all", "also", "tayo", "mo ko", "mo ako", "niyo ako", "nyo ko", "niyo po ako", "mo po ako", "po", "ako",
    "correspondence", "our correspondence", "the correspondence",
    "communication", "our communication", "the communication", "our discussion", "la conversación", "la conversacion", "a conversa", "la conversation",
    "la conversazione", "разговор",
    "em", "mình", "anh", "chị", "tôi", "cho em", "cho mình", "với em", "với mình",
    # Tagalog "pa-message na lang po sa fb ko"
    "na lang", "na lang po", "nalang", "nalang po", "niyo na lang po ako", "nyo na lang ako",
])
_PREP = alt([
    "on", "via", "over", "through", "thru", "in", "to", "by", "per", "at", "into", "onto", "en",
    "por", "pelo", "pela", "no", "na", "sur", "par", "über", "auf", "в", "во", "на", "di", "ke",
    "kwa", "pe", "sa", "ng", "using", "with", "su", "qua", "bằng", "a mi", "a mí", "على", "في", "ع", "kwenye", "kuongea", "pro", "pra", "pelo", "no",  # Swahili "(continue) talking (on)"
])
#: "do you have", "are you on", "hast du", "tienes", "у тебя есть".
_HAVE_WORDS = (
    "got", "hast du", "haben sie", "hättest du", "tienes", "tiene usted", "usas", "tens",
    "você tem", "vc tem", "voce tem", "tem", "as-tu", "avez-vous", "t'as", "у тебя есть",
    "у вас есть", "есть ли у вас", "есть", "ada", "punya", "una ka", "may", "meron ka",
    "una", "una ba", "una kang", "una ka bang", "je una", "una ya", "kya aapke paas",
    "aapke paas", "hai kya", "have u", "hv u", "u hv", "hai na", "heb je", "hebt u", "heb jij", "heeft u", "masz",
    "czy masz",
)
_HAVE = (
    r"\b(?:(?:do|did|have|are|r)\s(?:you|u|ya)\s(?:(?:also|still|even|maybe|already|ever|guys|happen to|"
    r"by any chance|perhaps)\s)?(?:have|hav|got|use|using|on)"
    r"|(?:you|u|ya) (?:have|hav|got|on|use)|have you got|any chance you(?:'re| are) on|"
    + alt(_HAVE_WORDS)
    + r")\b"
)
#: Verbs after the noun (Hinglish, German): "apna whatsapp no. de do", "per Mail klären".
_GIVE_AFTER_WORDS = (
    "de do", "dedo", "de dijiye", "bhej do", "bhejo", "bhej dijiye", "share karo", "share kar do",
    "send karo", "bata do", "batao", "do na", "klären", "besprechen", "reden", "schreiben",
    "दो", "भजो", "दीजिए",  # दो, भेजो, दीजिए as normalized
    "sprechen", "baat karte", "baat karenge", "baat karo", "ping karo", "call karo", "msg karo", "message karo",
    "text karo", "add karo", "weiterreden", "weiterschreiben",
    "weitermachen", "schicken", "senden", "geben", "zukommen lassen", "verir misin", "alabilir miyim",
    "alabilir miyiz", "alabilir", "gönderir misin", "gönder", "paylaşır mısın", "atar mısın",
    "devam edelim", "konuşalım", "yazışalım", "geçelim", "перейдём", "перейдем", "переходим", "спишемся",
    "созвонимся", "пообщаемся",
    "verebilir misin", "kullanıyor musun", "kullanıyor musunuz", "kullanır mısın", "var mı", "reply", "respond", "answer", "i'm active", "i am active", "i'm online", "berapa",
    "i am online",
)
_GIVE_AFTER = alt(_GIVE_AFTER_WORDS) + r"|do(?=\s?(?:na|yaar|bhai|please|pls|plz|[.!?,]|$))"  # Hindi "give", at the end: "apna insta id do"

#: Leaving the platform named as such.
_PLACE = (
    r"(?:(?:the |this |our |that )?(?:platform|site|website|app|marketplace|chat|escrow|contract|"
    r"milestone system|system)|here)"
)
_OUTSIDE = (
    r"\b(?:outside|off|out of|away from|elsewhere than|beyond)\s(?:of\s)?" + _PLACE + r"\b"
    r"|\b(?:off|outside) here\b"
    r"|\b(?:do|finish|continue|talk|chat|deal|work|take (?:it|this)|settle|handle|pay|move|sort|"
    r"discuss)\w{0,3}\s(?:\w{1,10}\s){0,3}?outside(?=\s?(?:$|[.,!?;)]|so\b|and\b))"
    # "we could just sort things out on the outside"
    r"|\b(?:do|finish|continue|talk|deal|work|settle|handle|pay|sort|discuss)\w{0,3}\s(?:\w{1,10}\s){0,3}?on the outside"
    r"(?=\s?(?:$|[.,!?;)]|so\b|and\b))"
    r"|\btake (?:this|it|the conversation|the chat|things|our conversation|this conversation|"
    r"this chat)\s(?:off|outside|elsewhere|somewhere else|private)\b"
    r"(?=\s?(?:$|[.,!?;)]|here\b|(?:the |this )?(?:platform|site|app|chat)\b|so\b|and\b|,))"
    # "wanna move this to dms on insta?", "let's take this to email"
    r"|\b(?:move|take|switch|shift|bring)\s(?:this|it|the (?:chat|conversation|convo)|our (?:chat|conversation|convo))"
    r"\s(?:to|over to|onto|into)\s(?:(?:my|your|the)\s)?(?:dms?|pms?|private messages?|direct messages?|"
    r"email|e-mail|text|sms|phone|whatsapp|telegram|insta(?:gram)?|ig|facebook|messenger|signal|discord|skype|"
    r"snap(?:chat)?|linkedin|wechat|viber|line|(?:green|blue|purple|yellow|bird|other|another|different) app)\b"
    # "I'm available on Viber and WhatsApp"
    r"|\b(?:i'?m|i am|we'?re|we are)\s(?:also\s|always\s|usually\s)?(?:available|reachable|active|online|always on)\s"
    r"(?:on|via|through|at)\s(?:both\s)?(?:whatsapp|telegram|signal|viber|wechat|skype|discord|imessage|line app|"
    r"kik|insta(?:gram)?|facebook|messenger|snapchat|tiktok|email|e-mail|gmail|phone)\b"
    # "I'm on telegram", "i'm on whatsapp if that's easier", "I'm on the paper-plane app": the clause ends there
    r"|\b(?:i'?m|i am)\s(?:also\s)?on\s(?:the\s)?(?:whatsapp|telegram|signal|viber|wechat|skype|discord|kik|"
    r"insta(?:gram)?|snapchat|snap|(?:paper[ -]?plane|green|blue|bird|purple) app|"
    r"app with (?:the |a )?(?:\w{1,10}\s){0,2}(?:icon|logo|bubble))"
    r"(?=\s?(?:$|[.,!?;)]|if\b|too\b|as well\b|as\b|under\b|btw\b|btw\b|by the way\b|most of the day\b|all day\b|"
    r"24/7|every day\b|daily\b|day and night\b))"
    # "I'm loopmaster_ayo on the bird app": a handle on an app named by its logo
    r"|\b(?:i'?m|i am)\s@?(?=[a-z0-9._]{0,29}[_.\d])[a-z0-9._]{3,30}\son\s(?:the\s)?"
    r"(?:paper[ -]?plane|green|blue|bird|purple|yellow|ghost)\s(?:app|one)\b"
    # "check my company site, the contact page has my direct line"
    r"|\b(?:check|see|visit|look at|find|go to)\s(?:out\s)?(?:my|our)\s(?:company\s|personal\s|business\s|own\s)?"
    r"(?:site|website|web site|page|portfolio)\b(?=[^.!?\n]{0,80}(?:\b(?:my|our)\s(?:\w{1,10}\s)?(?:contact|number|email|phone|"
    r"direct line|whatsapp|details|cell)\b|\bcontact (?:details|info|information|number)\b))"
    # "check my IG bio, the booking link is there", "cek bio IG aku ... lebih murah": a pointer to a bio link
    r"|\b(?:check|see|visit|cek|lihat|revisa|veja|regarde)\s(?:out\s)?(?:(?:my|mi|meu|ma|mon)\s)?"
    r"(?:(?:ig|insta(?:gram)?|tiktok|youtube|yt|facebook|fb|twitter)\s)?bio(?:\s(?:ig|insta(?:gram)?|aku|ku|saya))?\b"
    r"(?=[^.!?\n]{0,80}\b(?:link|booking|book|cheaper|murah|direct\w{0,2}|langsung|contact|dm|whatsapp|number|nomor)\b)"
    # "my youtube channel has a contact tab"
    r"|\bmy\s(?:(?:youtube|yt|tiktok|insta(?:gram)?|ig|facebook|fb)\s)?(?:channel|page|profile|account)\s(?:has|got|shows)\s"
    r"(?:a|the|my)\s(?:contact|booking|email)\s(?:tab|page|info|button|section|link)\b"
    r"(?!\s(?:that|which|to be|needs?|we|you|i)\b)"
    # "go to my profile on the other freelance site": the same person on another marketplace
    r"|\b(?:go to|check(?: out)?|visit|see|find|look at|look up|view|hire me (?:on|via|through)|"
    r"(?:message|contact|reach) me (?:on|via|through))\s(?:\w{1,10}\s)?"
    r"(?:my|our)\s(?:profile|page|gig|gigs|account|portfolio|listing)\s(?:on|at)\s(?:the\s)?(?:other|another|a different)\s"
    r"(?:freelanc\w{0,4}\s|gig\s|job\s)?(?:site|platform|marketplace|website|app)\b"
    # "can we talk somewhere else?", "let's continue on another app"
    r"|\b(?:talk|chat|speak|communicate|continue|text|message|move|take|finish|do)\w{0,3}\s"
    r"(?:(?:this|it|the conversation|our conversation|the chat|this convo|the convo|our convo|this chat|our chat|"
    r"this thread)\s)?(?:somewhere else|elsewhere|"
    r"on (?:another|a different|some other) (?:app|platform|site|messenger))"
    r"(?=\s?(?:$|[.,!?;)]|so\b|and\b|where\b|if\b|because\b|\?))"
    r"|\b(?:por fuera|por fora|fora da plataforma|fuera de la plataforma|fuera de aquí|"
    r"hors de la plateforme|hors plateforme|außerhalb der plattform|ausserhalb der plattform|"
    r"вне платформы|вне площадки|мимо платформы|мимо площадки|nje ya jukwaa|di luar platform|"
    r"labas ng platform|platform ke bahar|bahar se|fora daqui|fuera de aqu[ií]|bahar baat|bahar hi baat|bahar milte|"
    r"bahar deal|without the (?:app|platform|site)|di luar aplikasi|di luar app|برا المنصة|fuori da qui|fuori dalla piattaforma|di luar sini|di luar aja|"
    r"di luar saja|nje ya hapa|nje ya (?:app|apu|programu|tovuti)|بره الموقع|برا الموقع|خارج الموقع|خارج المنصة|بره المنصة|"
    r"برا التطبيق|بره التطبيق|خارج التطبيق|ngoài nền tảng|ngoài app|"
    r"platformun dışında|(?:außerhalb|ausserhalb) (?:klären|regeln|besprechen|machen|abwickeln|reden|weitermachen)|вне сайта|(?:продолжим|поговорим|пообщаемся|общаться|переписываться) (?:не здесь|не тут|в другом месте)|"
    r"(?:давайте|давай) не (?:здесь|тут)|buiten het platform|buiten de site|poza platformą|poza platforma|"
    r"dışarıda (?:anlaşalım|konuşalım|devam edelim|görüşelim|yapalım|halledelim|ödeşelim)|"
    r"bara el platform|barra el platform|bara el site)(?!\w)"
    # "bora sair daqui?", "¿salimos de aquí?": leaving here, proposed
    r"|\b(?:bora|vamos|vamo|podemos|salgamos|saiamos)\s(?:\w{1,10}\s)?(?:sair|salir)\s(?:daqui|de aqu[ií]|"
    r"da plataforma|de la plataforma)\b|\bsalimos de aqu[ií]\b"
    # a friend request to or from the other person: "sent u a friend req on fb", "accept my follow request on ig"
    r"|\b(?:sent|send|sending|accept|accepted|got)\s(?:u|you|ya|me|my)\s(?:a\s)?(?:friend|follow)\s?req(?:uest)?s?\s"
    r"(?:on|in|sa|via)\s(?:fb|facebook|ig|insta(?:gram)?|linkedin|snap(?:chat)?|tiktok|twitter)\b"
    # Tagalog "sa labas na lang tayo mag-usap": outside, instead
    r"|\bsa labas (?:na lang|nalang|tayo)\b"
    # "if we do it the other way we both save": another way, to save the fee
    r"|\b(?:do it|do this|deal|work|pay)\s(?:the\s)?(?:other|another)\sway\b[^.!?\n]{0,30}?\b(?:we both save|both save|"
    r"save (?:the |on (?:the )?)?(?:fees?|commission|money|\d{1,2}\s?%)|cheaper|no fees?)(?!\w)"
    # Tagalog "viber tayo?", "whatsapp na lang tayo": let's (use) the app
    r"|\b(?:whatsapp|wa|telegram|tg|viber|signal|messenger|fb|ig|insta|discord|skype|wechat|zalo|imo)\s"
    r"(?:na lang\s|nalang\s|na\s)?tayo\b"
    # "text me instead, this app is so slow": another channel, instead of this one
    r"|\b(?:text|txt|sms|call|ring|phone|whatsapp|email|e-mail|imessage)\s(?:me|us)\sinstead\b(?!\sof\b)"
    # "the cabin's on vrbo too and cheaper", "listed cheaper on FB marketplace, search ...": the same
    # listing on another marketplace, cheaper there
    r"|\b(?:on|listed on|list(?:ed)? (?:it|them) on|find (?:me|it|us|them) on|search (?:on|for it on))\s(?:the\s)?"
    r"(?:vrbo|airbnb|booking\.com|homeaway|fb marketplace|facebook marketplace|craigslist|kijiji|gumtree|olx|"
    r"mercado ?libre|etsy|turo|taskrabbit|thumbtack|angi|nextdoor|fiverr|upwork)\b"
    r"\s(?:too|also|as well)\b(?=[^.!?\n]{0,40}\b(?:cheaper|for less|lower price|discount\w{0,2}|no fees?|"
    r"without (?:the )?fees?|book direct\w{0,3})\b)"
    r"|\blisted\s(?:\w{1,10}\s)?(?:cheaper|for less|lower)\son\s(?:the\s)?(?:vrbo|airbnb|booking\.com|fb marketplace|"
    r"facebook marketplace|craigslist|kijiji|gumtree|olx|etsy|turo|fiverr|upwork|my (?:own )?(?:site|website))\b"
    # Vietnamese "nhắn messenger cho nhanh": message (on) the app, no preposition
    r"|\bnhắn(?:\stin)?\s(?:qua\s|bằng\s)?(?:em\s|mình\s|anh\s|chị\s)?(?:zalo|messenger|whatsapp|telegram|viber|"
    r"facebook|fb|insta|ig)\b"
    # Swahili "tuongee WhatsApp": let's talk (on) the app, the preposition left out
    r"|\b(?:tuongee|tuzungumze|tuwasiliane|tuchat)\s(?:kwa\s|kwenye\s|kupitia\s|on\s)?(?:whatsapp|wa|telegram|"
    r"signal|viber|instagram|insta|ig|facebook|fb|messenger|email|simu)\b"
)
_DIRECT_WORDS = alt([
    "directly", "direct", "privately", "in private", "between us", "on the side", "personally",
    "directamente", "diretamente", "directement", "direkt", "напрямую", "langsung",
    "moja kwa moja", "seedha",
])
_DIRECT = (
    r"\b(?:work|working|worked|deal|dealing|talk|talking|chat|chatting|communicate|contact|"
    r"connect|hire|collaborate|do business|do it|do this|do the (?:job|work|project|deal)|continue|transact|discuss|"
    r"arrange|settle|negotiate|sort|"
    r"trabajar|trabajemos|hablar|trabalhar|falar|travailler|arbeiten|работать|kerja|"
    r"together)\b" + gap(30) + r"\b(?P<direct>" + _DIRECT_WORDS + r")\b"
)
_WE = compile_fast(
    r"\b(?:we|we'?re|we'?ll|us|let'?s|lets|together|you and me|you and i|both|each other|with you|"
    r"nos|nous|wir|мы|kita|tayo|sisi)\b"
)
_DIRECT_INSIDE = compile_fast(
    r"^\s?(?:in|into|on|through|via|here|in the chat|with the platform|from the platform|"
    r"to (?:the )?(?:escrow|milestone|platform|files|chat))\b"
    r"|^\s?(?:with|to) (?!me\b|you\b|u\b|each other\b|us\b)"
)

_FEE_NOUN = (
    r"(?:fees?|commission|comission|commissione|cut|charges?|percentage|service fee|platform fee|potongan|"
    r"\d{1,2}(?:\.\d)? ?%|comisión|comision|comissão|taxa|taxas|gebühren?|gebuehren|frais|"
    r"комисси\w{0,3}|biaya|ada|bayad sa platform)"
)
_FEE = (
    r"\b(?:avoid|avoiding|save|saves|saving|skip|skipping|dodge|bypass|escape|cut out|no|without|"
    r"zero|walang|sin|sem|ohne|sans|bila|bina|без|evitar|economizar|ahorrar|ahorramos|"
    r"économiser|eviter|éviter|sparen|spart|hemat|tanpa)\b"
    r"\s(?:\w{1,12}\s){0,3}?" + _FEE_NOUN + r"(?!\w)"
)
#: Without one of these somewhere in the message, fee talk is a question about fees, not a pitch.
_FEE_CONTEXT = compile_fast(
    _OUTSIDE + r"|\b(?:directly|direct|privately|between us|other way|another way|outside|"
    r"better (?:rate|deal|price)|cheaper|discount|we both save|both save|save us both|"
    r"you know what i mean|para walang|por fuera|por fora|dun na lang|pay (?:you|me)|lower|"
    r"privat|privado|en privé|in privato|prywatnie|wala nang fee|walang fee|sa labas|"
    r"whatsapp|telegram|paypal|email|number|bio|link|book (?:me|us)|books me|website|site)\b"
)

_SAME_HANDLE = (
    r"\b(?:(?:my\s)?(?:handle|user ?name|name|id|nick(?:name)?|username|profile name)\s"
    # "my handle on the bird app is the same as here"
    r"(?:(?:on|in|for|at)\s(?:the\s)?[\w\-]{1,15}(?:\s(?:app|one|icon))?\s)?"
    r"(?:here\s|on here\s)?(?:is\s)?(?:the\s)?same\s(?:everywhere|as here|as on here|as in here|as this one|as my profile|"
    r"on all|on every)"
    r"|same\s(?:user ?name|name|handle|id|nick(?:name)?|username|profile name|display name)\s(?:as\s)?"
    r"(?:here|on here|in here|this one|my profile|on this (?:site|platform|app)|everywhere)"
    # "look for my display name from here", "search the name I use here"
    r"|(?:look|search)\s(?:for\s|up\s)?(?:my|the)\s(?:display |profile |user ?)?name\s(?:from|on|i use)\s?(?:here|on here)"
    r"|same\s(?:user ?name|name|handle|username)\b(?=" + gap(25) + r"(?:app|on|there))"
    # "signal me at the same number as my whatsapp", "same email as on my profile"
    r"|same\s(?:number|no|digits|phone number|email|e-mail|address)\s(?:as|like)\s(?:on\s|in\s)?(?:my|the one on my)\s"
    r"(?:\w{1,12}\s)?(?:whatsapp|telegram|signal|viber|wechat|line|skype|profile|bio|cv|resume|website|site|card|"
    r"business card|email signature|signature|\w{1,12} app)\b"
    # "my IG is the studio name with a dot in the middle", "studio name all lowercase with _ng at the
    # end", "the email is just our name, all together": a handle built from a name said before
    r"|(?:(?:my|our|the)\s)?(?:studio|company|business|shop|brand|store|agency|band|channel|full|first|real)\s?name"
    r"(?:\s\w{1,10}){0,2}?,?\s(?:all (?:lowercase|lower case|together|one word)|in lowercase|lowercase|lower case|"
    r"one word|no spaces?|together|with (?:a |an )?(?:dot|underscore|period|hyphen|dash|_\w{1,10}|\.\w{1,10})|"
    r"(?:\+|plus) (?:the )?(?:year|\d{2,4}|my birth ?year))"
    r"|(?:my|our) name,?\s(?:all together|all one word|one word|no spaces|all lowercase)"
    r"|same as (?:my )?(?:user ?name|name|handle|profile name|profile|full name)"
    r"(?: here| on here| in here)?"
    r"|(?:is|=|:)\s(?:just\s)?my (?:user ?name|profile name|full name|name) (?:here|on here)"
    r"|mismo (?:nombre|usuario) que aqu[ií]|mesmo (?:nome|usu[aá]rio) (?:que|daqui)|"
    r"même (?:nom|pseudo) qu'ici|gleiche[rn]? (?:name|nutzername) wie hier|"
    r"такой же (?:ник|логин) как здесь|"
    # Hinglish: "mera insta wahi hai jo yaha username hai", "same id jo yahan hai"
    r"(?:wahi|wohi|vahi|same)\s(?:hai\s|he\s)?jo\s(?:yaha|yahan|idhar|is site pe|yaha pe|yahan pe)\s(?:mera\s|meri\s)?"
    r"(?:user ?name|username|naam|name|id|handle)|"
    # Turkish: "kullanıcı adım buradakiyle aynı", "buradaki adımla aynı"
    r"bur(?:a|)dak\w{0,6}(?:\s\w{1,12}){0,2}\s?aynı"
    # "same at gmail", "my name at gmail, no dots": the address is the name, at a mail provider
    r"|(?:(?<!the )(?<!is )(?<!be )(?<!do )same|my (?:full |real )?name|my user ?name)\s?@\s?(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|icloud|"
    r"proton(?:mail)?|aol|gmx|yandex|zoho)\b(?!\.\w)"
    # "northlight films. all one word, at gmail": the name said before, how to write it, the provider
    r"|(?:all one word|one word|no spaces|no dots|all lowercase)\W{0,3}\s?(?:at|@)\s?(?:gmail|googlemail|yahoo|"
    r"hotmail|outlook|icloud|proton(?:mail)?)\b(?!\.\w)(?=\W{0,3}$|\s?[,.!?;)]))"
)
_PROFILE_POINTER = (
    r"\b(?:number|contact|contacts|whatsapp|email|details|info|qr|qr code|handle|socials|phone|cell|mobile|username|user name|"
    r"telegram|link|links|it)\b(?!\s(?:login|widget|button|api|bot|integration|plugin|share|pixel|feed|embed|verified|"
    r"verification|badge|badges)\b)"
    + gap(20)
    + r"\b(?:in|on|at)\s(?:(?:my|our)\s(?:\w{1,12}\s)?(?=\w)|the\s(?=last page|cv|resume|attach|business card|watermark|"
    r"footer of|exif|metadata|header of|pdf|proposal))(?:profile|bio|photo|picture|pic|avatar|cv|resume|watermark|"
    r"footer of (?:the |my )?(?:\w{1,12}\s)?(?:pdf|proposal|doc|document|file|cv|resume|invoice)|exif|metadata|"
    r"header of (?:the |my )?(?:\w{1,12}\s)?(?:pdf|proposal|doc|document|file)|pdf|proposal|"
    r"website|site|banner|cover|last page|signature|intro video|portfolio pdf|portfolio|business card|about section|pfp|dp|"
    r"profile (?:photo|picture|pic|image|banner)|company website|image|screenshot)\b"
    # "I updated it in my profile settings": the account's settings, not a page others read
    r"(?!\s(?:settings|preferences|security|notifications))"
    r"|\bscan (?:my|our) qr\b|\bqr(?: code)? (?:in|on) my\b"
    # "my github commits have my personal email, just grab it from there"
    r"|\b(?:my\s)?(?:github\s|git\s)?(?:commits?|git log|commit history|package\.json|npm profile)\s(?:has|have|shows?|"
    r"contains?|includes?)\s(?:my\s)(?:personal\s|real\s|private\s|work\s)?(?:email|e-mail|number|phone|contact)\b"
    r"|\bscan the qr(?: code)? (?:in|on) (?:the )?(?:\w{1,12} ){0,3}?(?:of )?my\b"
    # "my IG is in the pic on my profile": the app's handle shown in a picture or a bio
    r"|\b(?:ig|insta(?:gram)?|snap(?:chat)?|fb|facebook|tiktok|twitter|telegram|whatsapp|discord|skype|wechat)\b"
    r"(?:\s(?:id|handle|name|account|username))?\s(?:is|are)\s(?:in|on)\s(?:the|my)\s(?:\w{1,12}\s)?"
    r"(?:pic|photo|picture|pfp|dp|avatar|bio|profile)\b(?!\s(?:settings|preferences|section|page design|template))"
)
_SEARCH_ME = (
    r"\b(?:google|search(?: for)?|look up|find|look me up on|look us up on)\s(?:(?:me|us)\b|my (?:full )?"
    r"name|our (?:company|studio|agency|name|business)|the (?:studio|company|agency|business|shop|brand) name(?=\s?(?:\+|plus)\s?\w)|"
    r"my (?:company|studio|agency|business|"
    r"brand|shop|store)(?! business)|\"[^\"\n]{2,40}\"|'[^'\n]{2,40}')"
    r"(?:" + gap(20) + r"\b(?:on|in)\s(?:linkedin|google|facebook|instagram|insta|ig|twitter|x|"
    r"tiktok|youtube|github))?"
    r"|\bsearch my (?:full )?name\b|\blook (?:me|us) up\b"
    # "trovi tutto su insta, cerca giulia_ceramiche_lab": an app, then a handle to search for there
    r"|\b(?:insta(?:gram)?|ig|tiktok|fb|facebook|telegram|tg|discord|snap(?:chat)?|twitter)\b[^\n.!?]{0,40}?"
    r"(?:,\s?|;\s?|:\s?|\band\s|\bthen\s|\bjust\s|\bpls\s|\bplease\s|\bthere\s|\be\s|\by\s)"
    r"(?:cerca|cercami|busca|búscame|buscame|procura|procure|cherche|cherchez|such|suche|cari|hanapin|search(?: for)?|"
    r"look for|look up)\s(?:me\s|mi\s)?(?:@\s?)?(?=[a-z0-9._]{0,29}[_\d.][a-z0-9._]{0,29}\b)"
    r"(?![a-z0-9.]{0,29}_(?:id|ids|name|url|count|at|date|key|type)\b)[a-z][a-z0-9._]{3,29}\b"
)
_FEE_WORD = compile_fast(r"\b(?:fee|fees|commission|cut|service charge)\b")
_OTHER_ARRANGEMENT = compile_fast(
    r"\b(?:another|other|different|alternative|better|cheaper)\s(?:way|option|arrangement|deal)\s(?:we|i|to)\s"
    r"(?:\w{1,6}\s)?(?:can\s|could\s)?(?:work|deal|do (?:this|it)|arrange (?:this|it)|pay|handle (?:this|it))\b"
)
#: The apps a channel request names: the lexicon's apps and networks by canonical name, their common
#: short forms, mail and meeting services ("x" alone is left out: too common a letter).
_CHANNEL_APPS = "(?:" + trie_regex(sorted(
    {*MESSAGING_APPS, *SOCIAL_NETWORKS, "insta", "ig", "snap", "tg", "wa", "email", "e-mail", "gmail", "zoom",
     "google meet", "teams", "facetime"} - {"x"}
)) + r")\b"
_OTHER_WAY = (
    r"\b(?:any|another|other|different|alternative|better|faster|easier|quicker|alternate)\s"
    r"(?:\w{1,10}\s)?(?:way|ways|means|method|channel|app|place|platform|contact)\s"
    r"(?:to|we can|i can|of|for)\s(?:\w{1,6}\s)?(?:contact|reach|talk|chat|communicate|message|"
    r"get in touch|connect|call|text)"
    r"|\b(?:what|which) (?:messaging |chat )?(?:app|apps|messenger)\b" + gap(20)
    + r"\b(?:you|u)\b" + gap(12) + r"\b(?:use|using|on|prefer)\b"
    r"|\b(?:contact|reach) (?:you|u) (?:elsewhere|outside|somewhere else|directly)\b"
    # "is there somewhere else we can talk?"
    r"|\b(?:somewhere|someplace|anywhere) else (?:we|i) (?:can|could) (?:talk|chat|text|message|continue|connect|reach you)\b"
    # "pls share contact info", "do you have an email I can send the NDA to?"
    r"|\b(?:share|send|give|drop)\s(?:me\s|us\s)?(?:your\s|ur\s)?contact (?:info|information|details|number)\b"
    r"|\b(?:do|does)\s(?:you|u)\s(?:have|got)\s(?:an?\s)?(?:email|e-mail|phone number|phone|number|whatsapp|telegram|"
    r"skype|discord|signal|viber|wechat)\b(?!\s(?:template|list|field|campaign|integration|api|bot|signature|"
    r"newsletter|account for the))(?=\s?\?|\s(?:i|we)\s(?:can|could)\b)"
    r"|\b(?:is there|do you have)\s(?:a|an)\s(?:phone\s|mobile\s|cell\s|whatsapp\s|direct\s)?number\s(?:i|we)\s"
    r"(?:can|could)\s(?:call|text|reach|contact|whatsapp|message)\b"
    # "check your WhatsApp, I sent the files there": the conversation is already on another app
    r"|\bcheck (?:your|ur) (?:whatsapp|telegram|signal|viber|wechat|discord|skype|insta(?:gram)? dms?|"
    r"ig dms?|messenger|dms on \w{2,12}|telegram dms?)\b"
    # German: "sende mir deine Handynummer"
    r"|\b(?:sende|send|schick\w{0,2}|gib|nenn\w{0,2})\s(?:mir\s|uns\s)?(?:bitte\s)?(?:deine|dein|deinen|ihre|ihren)\s"
    r"(?:handynummer|nummer|telefonnummer|e-?mail(?:-?adresse)?|whatsapp(?:-nummer)?|kontaktdaten|telegram)\b"
    # "could we chat on discord instead?", "i prefer skype for calls, add me"
    r"|\b(?:could|can|shall|should|may)\s(?:we|i)\s(?:chat|talk|continue|speak|connect|message you|call you)\s"
    r"(?:on|via|over|through)\s" + _CHANNEL_APPS +
    r"|\bi\s(?:prefer|use|like)\s(?:to use\s)?" + _CHANNEL_APPS + r"(?=[^.!?\n]{0,40}\b(?:add me|call me|text me|"
    r"message me|reach me|contact me|dm me|ping me|hit me up)\b)"
    # "mándame un correo", "me manda um e-mail": "send me an email", no possessive needed
    r"|\b(?:mándame|mandame|envíame|enviame|escríbeme|escribeme|me manda|me mande|me envía|me envia)\s"
    r"(?:un|uma|um)\s(?:correo|mail|e-?mail|mensaje al whatsapp|whats)\b"
    # Arabic: "في طريقة تانية أكلمك بيها؟" (another way to talk to you?)
    r"|\bطريق[ةه] (?:تانية|تانيه|ثانية|أخرى|اخرى|تاني) (?:أكلمك|اكلمك|أتواصل|اتواصل|نتواصل|نتكلم|أكلمكم)"
)


# --------------------------------------------------------------------------- word gates
# Necessary conditions on the message's words (see :class:`~.cues.WordGate`), checked before the
# patterns they guard; each lists the words a part of the pattern holds between word boundaries.

#: ``ask_question`` holds a possessive (after a sentence start, a mark or one word; before a space).
_POSSESSIVE_GATE = gate(*_POSSESSIVE_WORDS)
#: ``give_after_hint``: the first words of ``_GIVE_AFTER`` (and the bare Hindi "do"); "i'm active",
#: "i am online" by their last word (after a space, before ``\b``), not by the common "i".
_GIVE_AFTER_GATE = gate(*(w for w in _GIVE_AFTER_WORDS if first_word(w) != "i"), "do", *(
    w.rsplit(" ", 1)[1] for w in _GIVE_AFTER_WORDS if first_word(w) == "i"
))
#: ``call_on_app``: its app or meeting service, after white space, before a space or ``\b``.
_CALL_APP_GATE = gate("facetime", "zoom", "skype", "whatsapp call", "whatsapp video", "telegram call", "google meet",
                      "gmeet", "teams call", "discord call", "signal call", "teams", "meet", "whereby", "calendly",
                      "webex", "gotomeeting")
#: ``handle_is_name`` ends with "name"/"user name"/"username" after "the"/"my"/"our".
_NAME_GATES = (gate("name", "username"), gate("the", "my", "our"))  # "user name" holds "name"
#: ``_FEE``: its verb of avoiding ("cut out" by "cut").
_FEE_VERB_GATE = gate(
    "avoid", "avoiding", "save", "saves", "saving", "skip", "skipping", "dodge", "bypass", "escape", "cut out", "no",
    "without", "zero", "walang", "sin", "sem", "ohne", "sans", "bila", "bina", "без", "evitar", "economizar",
    "ahorrar", "ahorramos", "économiser", "eviter", "éviter", "sparen", "spart", "hemat", "tanpa",
)
#: ``_FEE_WORD`` ("service charge" by "service").
_FEE_WORD_GATE = gate("fee", "fees", "commission", "cut", "service charge")
#: ``_PROFILE_POINTER``: "<detail> ... in/on/at my|our|the <place>", or a QR code.
_PROFILE_GATES = (
    gate("profile", "bio", "photo", "picture", "pic", "avatar", "cv", "resume", "website", "site", "banner",
         "cover", "last page", "signature", "intro video", "portfolio pdf", "portfolio", "business card",
         "about section", "company website",
         "image", "screenshot", "pfp", "dp", "watermark", "footer", "header", "exif", "metadata", "pdf", "proposal"),
    gate("in", "on", "at"),
    gate("my", "our", "the"),
)
_QR = "qr"
#: A detail left where the platform does not read it: "I left you a voice note with my number", "look at
#: File > Properties, the Author field tells you how to reach me".
_ELSEWHERE_POINTER = compile_fast(
    r"\b(?:voice ?notes?|voice messages?|voice memos?|audio(?: message| note)?|voicemail)\s(?:\w{1,10}\s){0,2}?"
    r"(?:with|has|holds|contains)\s(?:my|our)\s(?:number|contact|contacts|email|whatsapp|details|digits)\b"
    r"|\b(?:author|creator|properties|metadata)\b[^\n.!?]{0,40}?\b(?:how|where) to (?:reach|contact|find|call|text) (?:me|us)\b"
    r"|\b(?:how|where) to (?:reach|contact|find|call|text) (?:me|us)\b[^\n.!?]{0,30}?\b(?:author field|metadata|properties)\b"
)
_ELSEWHERE_WORDS = frozenset({"voice", "voicenote", "voicenotes", "audio", "voicemail", "author", "creator",
                              "properties", "metadata"})
#: A detail said to be inside a file ("in the footer of the proposal PDF", "in the EXIF"): the writer's own
#: only after "my"/"our".
_IN_A_FILE = re.compile(r"\b(?:footer|header|exif|metadata|pdf|proposal)\b")
_MINE_BEFORE = re.compile(r"\b(?:my|our)\s$")
_IN_THE_FILE = re.compile(r"\b(?:in|on|at)\sthe\s")
#: The words of the commits alternative of ``_PROFILE_POINTER`` (it needs no "in/on/at <place>").
_COMMIT_WORDS = frozenset({"commit", "commits", "log", "history", "json", "npm"})
#: ``_SEARCH_ME`` opens with one of these.
_SEARCH_GATE = gate("google", "search", "look up", "look me up", "look us up", "find", "look for", "cerca", "cercami",
                    "busca", "búscame", "buscame", "procura", "procure", "cherche", "cherchez", "such", "suche",
                    "cari", "hanapin")
#: ``_OTHER_WAY``, one tuple of gates per alternative: an alternative is possible when all its gates
#: pass. The rarest words come first in each tuple (most alternatives fail on their first set).
_OTHER_WAY_GATES: tuple[tuple[WordGate, ...], ...] = (
    # "any other way to contact you"
    (gate("way", "ways", "means", "method", "channel", "app", "place", "platform", "contact"),
     gate("any", "another", "other", "different", "alternative", "better", "faster", "easier", "quicker", "alternate")),
    # "which app do you use"
    (gate("app", "apps", "messenger"), gate("what", "which"), gate("you", "u"), gate("use", "using", "on", "prefer")),
    # "contact you elsewhere"
    (gate("elsewhere", "outside", "somewhere else", "directly"), gate("contact", "reach")),
    # "is there somewhere else we can talk"
    (gate("else"), gate("somewhere", "someplace", "anywhere"), gate("can", "could")),
    # "share contact info"
    (gate("contact"), gate("share", "send", "give", "drop")),
    # "do you have an email I can..."
    (gate("have", "got"), gate("do", "does"), gate("you", "u")),
    # "is there a number I can call"
    (gate("number"), gate("is there", "do you have")),
    # "check your WhatsApp"
    (gate("check"), gate("your", "ur")),
    # "sende mir deine Handynummer": the possessive after a space, before one
    (gate("deine", "dein", "deinen", "ihre", "ihren"),),
    # "could we chat on discord"
    (gate("chat", "talk", "continue", "speak", "connect", "message you", "call you"),
     gate("could", "can", "shall", "should", "may"),
     gate("on", "via", "over", "through")),
    # "i prefer skype, add me"
    (gate("me"), gate("prefer", "use", "like"), gate("i")),
    # Arabic "another way"
    (gate("طريقة", "طريقه"),),
    # "mándame un correo"
    (gate("correo", "mail", "email", "e-mail", "whats", "mensaje"), gate("un", "uma", "um")),
)
#: ``_OTHER_ARRANGEMENT``'s noun (after white space, before a space).
_ARRANGEMENT_GATE = gate("way", "option", "arrangement", "deal")


def _other_arrangement_possible(words: frozenset[str], text: str) -> bool:
    """The words ``_FEE_WORD`` and ``_OTHER_ARRANGEMENT`` both need are in the message."""
    return _ARRANGEMENT_GATE.passes(words, text) and _FEE_WORD_GATE.passes(words, text)


#: Families whose rules :meth:`IntentDetector._candidates` runs only behind a word gate; the others
#: always run when woken.
_GATED_FAMILIES = frozenset({"other", "fee", "search", "profile"})
_UNGATED_FAMILIES = frozenset({"channel", "outside", "direct", "same"})


def _gated_families_possible(families: frozenset[str], words: frozenset[str], text: str) -> bool:
    """Some family of ``families`` (all of them gated) passes the gates :meth:`IntentDetector._candidates`
    puts before its rules: when none does, no rule can yield a candidate. Each test here is the one
    ``_candidates`` (or ``_other_way``) asks; tests/test_speed_msg_intent.py holds the two in step."""
    if "other" in families and (_other_way_possible(words) or _other_arrangement_possible(words, text)):
        return True
    if "profile" in families and (_QR in words or not _COMMIT_WORDS.isdisjoint(words)
                                  or passes_all(_PROFILE_GATES, words, text) or not _ELSEWHERE_WORDS.isdisjoint(words)):
        return True
    if "fee" in families and _FEE_VERB_GATE.passes(words, text):
        return True
    return "search" in families and _SEARCH_GATE.passes(words, text)


#: The same as plain word sets (none of these gates has a prefix), for a loop without calls.
_OTHER_WAY_SETS = tuple(tuple(g.words for g in alternative) for alternative in _OTHER_WAY_GATES)


def _other_way_possible(words: frozenset[str]) -> bool:
    """Some alternative of ``_OTHER_WAY`` has all its words in the message."""
    for alternative in _OTHER_WAY_SETS:
        for needed in alternative:
            if needed.isdisjoint(words):
                break
        else:
            return True
    return False

#: Misspelling fragments that send a message through the channel rules (checked by the skeleton
#: regexes afterwards): "watsap", "whtsp", "tlgrm", "instagrm", "dscrd".
_FUZZY_FRAGMENTS = (
    "tsap", "tsp", "tzap", "ssap", "ts ap", "ts app", "wts", "whts", "wats", "watts", "tlg", "telg",
    "tlgr", "gram", "grm", "nstg", "insta", "dscr", "discr", "scord", "snpch", "lnkd", "fcbk",
    "thrm",
)


#: Nouns that carry their own possessive ("ايميلك" = your email, "numaranı" = your number).
_SUFFIXED_NOUNS = ("ايميلك", "إيميلك", "رقمك", "numaranı", "numaranızı", "numaran")
#: Words before an ambiguous app name or a contact noun that make it worth a look ("your email",
#: "on line", "have signal"); the bare words ("line chart", "email template") are too common.
_BEFORE_CHANNEL = (
    "your", "ur", "yr", "ya", "u r", "tu", "tus", "teu", "tua", "seu", "sua", "ton", "ta", "votre",
    "vos", "dein", "deine", "deinen", "ihre", "ihren", "твой", "твою", "ваш", "вашу", "свой",
    "свою", "tuo", "apna", "apni", "apne", "aapka", "aapki", "tumhara", "tumhari", "tera", "teri", "iyong", "on",
    "via", "over",
    "through", "by", "per", "at", "in", "to", "into", "no", "na", "sur", "par", "über", "auf", "в",
    "на", "di", "ke", "kwa", "pe", "sa", "using", "a", "an", "any", "have", "hav", "got", "get",
    "my", "mi", "mon", "meu", "minha", "mein", "meine", "our", "personal", "private", "work",
    "whatsapp", "wa", "telegram", "me", "minta", "nomor", "namba", "nambari", "kirim", "share",
    "send", "drop", "give", "pass", "nipe", "nitumie", "dame", "passa", "manda", "скинь", "số", "xin", "mình", "add",
    "je", "jij", "masz", "swój", "swoj", "twój", "twoj", "twoje", "swoje", "jouw", "uw", "daj",
)
_AFTER_CHANNEL = ("me", "us", "id", "no", "number", "nya", "yako", "mo", "ko", "address", "handle",
                  "username", "kamu", "de do", "bhejo", "share", "schicken", "senden", "geben", "mình", "tôi", "pe")


def _combos(weak: list[str], nouns: tuple[str, ...]) -> list[str]:
    words = [*weak, *nouns]
    return [f"{b} {w}" for w in words for b in _BEFORE_CHANNEL] + [
        f"{w} {a}" for w in words for a in _AFTER_CHANNEL
    ]


def anchor_words() -> tuple[dict[str, list[str]], dict[str, tuple[str, ...]]]:
    """(rule family -> anchor words, rule family -> anchor substrings) for the shared
    :func:`~.anchors.message_families` pass."""
    strong, weak = app_spellings()
    return (
        {
            "channel": [*strong, *_combos(weak, CONTACT_NOUNS), "paper", "plane", "app with", "messenger with",
                        *(f"{o} {n}" for o in ("my", "our") for n in ("email", "e-mail", "mail", "contact",
                                                                     "phone", "cell", "mobile", "handle",
                                                                     "socials", "details", "personal",
                                                                     "private", "digits", "direct", "real")),
                        *_SUFFIXED_NOUNS, "my no", "mi no", "my num", "my #",
                        # Vietnamese verbs of messaging ("nhắn em qua zalo": an ambiguous app after them)
                        "nhắn", "liên hệ", "liên lạc",
                        *(f"{c} {w}" for c in ("green", "blue", "bird", "purple", "yellow")
                          for w in ("app", "one", "icon"))],
            "outside": ["outside", "off the", "off this", "off here", "off of", "off our", "move this", "move it",
                        *(f"{c} {w}" for c in ("paper plane", "paper-plane", "green", "blue", "bird", "purple", "yellow",
                                               "ghost") for w in ("app", "one")),
                        "available on", "reachable on", "active on", "online on", "i'm on", "im on", "i am on", "i'm also on", "available via", "check my",
                        "check our", "visit my", "visit our", "see my", "see our", "go to my", "find my",
                        "move the chat", "move the conversation", "move the convo", "move our", "take this",
                        "take it", "switch this", "shift this", "bring this", "take the chat",
                        "take the conversation", "take the convo", "take our",
                        "off platform", "out of the", "out of this", "away from", "elsewhere",
                        "somewhere else", "another app", "different app", "other app",
                        "another platform", "different platform", "other platform",
                        "another site", "different site", "other site", "another messenger",
                        "different messenger", "other messenger",
                        "take this", "take it", "take the", "take our", "take things",
                        "fuera", "fora", "hors", "außerhalb", "ausserhalb", "вне", "мимо", "nje",
                        "luar", "labas", "bahar", "without the", "cek", "lihat", "revisa", "veja", "regarde",
                        "contact tab", "contact page", "contact button", "contact section", "booking link",
                        "email tab", "contact info", "contact link", "fuori", "بره", "برا", "خارج", "ngoài", "platformun", "buiten", "poza",
                        "dışarıda", "bara", "barra", "продолжим", "поговорим", "пообщаемся", "общаться",
                        "переписываться", "давайте", "давай", "sair", "salir", "salimos", "tayo", "sa labas", "other way", "another way", "friend req", "friendreq", "follow req", "friend request",
                        "follow request", "tuongee", "tuzungumze", "nje ya", "برا", "بره", "me instead",
                        "us instead", "vrbo", "airbnb", "booking.com", "homeaway", "marketplace", "craigslist", "kijiji",
                        "gumtree", "olx", "mercado", "etsy", "turo", "taskrabbit", "thumbtack", "angi", "nextdoor",
                        "fiverr", "upwork", "listed", "nhắn",
                        "tuwasiliane", "tuchat"],
            "direct": ["directly", "direct", "privately", "private", "between us", "on the side",
                       "personally", "directamente", "diretamente", "directement", "direkt",
                       "напрямую", "langsung", "moja kwa moja", "seedha"],
            "fee": ["fee", "fees", "commission", "comission", "charges", "percentage",
                    "comisión", "comision", "comissão", "taxa", "taxas", "gebühr", "gebühren",
                    "gebuehren", "frais", "комисси", "biaya", "ada", "bayad", "commissione", "potongan"],
            "same": ["same", "mismo", "mesmo", "même", "gleiche", "такой", "aynı", "look for my", "search my", "my name",
                     "wahi", "wohi", "vahi",
                     "our name", *(f"{w} name" for w in ("studio", "company", "business", "shop", "brand", "store",
                                                           "agency", "band", "channel", "full", "first", "real")),
                     "one word", "no spaces", "no dots", "all lowercase",
                     "my full name", "my real name", "my username", "my user name",
                     "look up my", "my name here",
                     "my username here", "my user name here", "my profile name here"],
            "profile": ["number", "contact", "contacts", "whatsapp", "email", "details", "info", "cell", "mobile",
                        "commits", "commit", "git log", "package.json", "npm profile",
                        "qr", "handle", "socials", "phone", "telegram", "link", "links", "ig", "insta", "instagram",
                        "snap", "snapchat", "fb", "facebook", "tiktok", "twitter", "discord", "skype", "wechat",
                        "voice", "voicenote", "audio", "voicemail", "author", "creator", "properties", "metadata"],
            "search": ["google", "search", "look up", "look me up", "look us up", "find me",
                       "find us", "find my", "find our", "cerca", "busca", "búscame", "buscame", "procura", "procure",
                       "cherche", "such", "suche", "cari", "hanapin", "look for", "cercami", "cherchez"],
            "other": ["way", "ways", "means", "method", "channel", "what app", "which app", "contact info", "طريقة",
                      "un correo", "un mail", "un email", "um email", "um e-mail", "uma mensagem no whats",
                      "طريقه",
                      "deine", "dein", "deinen", "ihre", "ihren", "check your", "check ur",
                      "contact details", "contact information", "contact number", "do you have", "do u have",
                      "you got", "is there a", "could we", "can we", "shall we", "should we", "can i", "could i",
                      "i prefer", "i use", "i like",
                      "what messaging", "which messaging", "what chat", "which chat", "messenger",
                      "contact you", "reach you", "contact u", "reach u", "somewhere else", "someplace else",
                      "anywhere else"],
        },
        {"channel": _FUZZY_FRAGMENTS, "fee": ("%",)},
    )


@dataclass(frozen=True, slots=True)
class _Patterns:
    ask: re.Pattern[str]
    ask_by_word: dict[str, re.Pattern[str]]
    ask_openers: frozenset[str]
    ask_opener_re: re.Pattern[str]
    ask_after: re.Pattern[str]
    ask_question: re.Pattern[str]
    ask_suffix: re.Pattern[str]
    give_after_hint: re.Pattern[str]
    poss_after_hint: re.Pattern[str]
    outside: re.Pattern[str]
    direct: re.Pattern[str]
    fee: re.Pattern[str]
    same_handle: re.Pattern[str]
    profile: re.Pattern[str]
    search: re.Pattern[str]
    other_way: re.Pattern[str]
    not_contact_number: re.Pattern[str]
    poss_after: re.Pattern[str]
    channel_anywhere: re.Pattern[str]
    handle_is_name: re.Pattern[str]
    talk_there: re.Pattern[str]
    offer_contact: re.Pattern[str]
    call_on_app: re.Pattern[str]
    send_to_own: re.Pattern[str]
    prep_before: re.Pattern[str]


#: Every phrase an alternative of the ``ask`` pattern opens with (after ``\b``): the pattern can
#: match only where one of their first words starts, so it is tried at those positions alone.
_ASK_OPENERS = (
    *_GIVE_WORDS, "can", "could", "may", "pls", "please", "plz",  # the give and "can I get" forms
    "do", "did", "have", "are", "r", "you", "u", "ya", "any", *_HAVE_WORDS,  # "do you have"
    *_TALK_WORDS,  # "let's continue on email"
    "email", "e-mail", "mail", "whatsapp", "telegram", "skype", "wa", "sms",  # "email me"
    "here's", "here is", "this is", "heres",  # "here is my instagram"
    "cho", "boleh", "minta", "pwede", "ممكن", "ابغى", "أبغى", "بدي",  # "may I have" in vi, id, tl, ar
    "add", "follow", "friend",  # "add my whatsapp"
)
_WORD = compile_fast(r"\w+")
#: The phrases each alternative of ``ask`` opens with, in the pattern's order (give, "can I get",
#: "do you have", talk, "email me", "here is my"): a match at a word can only be of an alternative
#: that word opens, so the pattern is tried there with those alternatives alone (a smaller regex:
#: fewer branches tried, less of it read). Their union is ``_ASK_OPENERS``.
_ASK_MAY = ("can", "could", "may", "pls", "please", "plz", "cho", "boleh", "minta", "pwede", "ممكن", "ابغى", "أبغى",
            "بدي")
_ASK_HAVE = ("do", "did", "have", "are", "r", "you", "u", "ya", "any", *_HAVE_WORDS)
_ASK_APP_ME = ("email", "e-mail", "mail", "whatsapp", "telegram", "skype", "wa", "sms")
_ASK_HERE = ("here's", "here is", "this is", "heres")
_ASK_ADD_MY = ("add", "follow", "friend")
_ASK_ALTERNATIVES = (_GIVE_WORDS, _ASK_MAY, _ASK_HAVE, _TALK_WORDS, _ASK_APP_ME, _ASK_HERE, _ASK_ADD_MY)


def _first_words(phrases: tuple[str, ...]) -> frozenset[str]:
    """The first ``\\w+`` run of each phrase (the whole word a match must start with)."""
    out = set()
    for phrase in phrases:
        m = _WORD.match(phrase)
        if m is None:
            raise ValueError(f"opener {phrase!r} does not start with a word character")
        out.add(m.group())
    return frozenset(out)


#: Above this many characters, word positions are found by one regex pass instead of str.find.
_LONG_TEXT = 2000


def _word_positions(text: str, words: frozenset[str], words_re: re.Pattern[str]) -> list[int]:
    """Sorted start offsets of every whole-word (``\\b...\\b``) occurrence of ``words`` in ``text``
    (``words_re`` is the same search as a regex, faster on long texts with many occurrences)."""
    if len(text) > _LONG_TEXT:
        hits = _word_hits(text) if words <= _start_words()[1] else None  # the shared pass has them all
        if hits is not None:
            return [s for s, w in zip(*hits) if w in words]
        return [m.start() for m in words_re.finditer(text)]
    return [i for i, _ in _word_starts(text, words)]


def _word_starts(text: str, words: frozenset[str]) -> list[tuple[int, str]]:
    """(offset, word) of every whole-word occurrence of ``words`` in ``text``, by offset (the
    ``str.find`` path of :func:`_word_positions`)."""
    starts = []
    n = len(text)
    for w in words.intersection(word_set(text)):
        k = len(w)
        i = text.find(w)
        while i >= 0:
            if (i == 0 or not is_word_char(text[i - 1])) and (i + k >= n or not is_word_char(text[i + k])):
                starts.append((i, w))
            i = text.find(w, i + 1)
    starts.sort()
    return starts


#: The first word of every match of each pattern below (the ``\\w+`` run a match starts with, at a
#: word start): read off the pattern's leading alternation; tests/test_hostile_intent.py checks it.
_PROFILE_FIRST = frozenset({
    "number", "contact", "contacts", "whatsapp", "email", "details", "info", "qr", "handle", "socials", "phone",
    "username", "user", "telegram", "link", "links", "it", "scan", "ig", "insta", "instagram", "snap", "snapchat", "fb",
    "facebook", "tiktok", "twitter", "discord", "skype", "wechat", "cell", "mobile", "my", "github", "git", "commits",
    "commit", "package", "npm",
})
_SEARCH_FIRST = frozenset({"google", "search", "look", "find", "insta", "instagram", "ig", "tiktok", "fb", "facebook",
                           "telegram", "tg", "discord", "snap", "snapchat", "twitter"})
_GIVE_FIRST = _first_words(_GIVE_WORDS)  # ``ask_suffix``'s cue
_DIRECT_FIRST = frozenset({
    "work", "working", "worked", "deal", "dealing", "talk", "talking", "chat", "chatting", "communicate", "contact",
    "connect", "hire", "collaborate", "do", "continue", "transact", "discuss", "arrange", "settle", "negotiate", "sort",
    "trabajar", "trabajemos", "hablar", "trabalhar", "falar", "travailler", "arbeiten", "работать", "kerja",
    "together",
})
_FEE_FIRST = frozenset(first_word(w) for w in (
    "avoid", "avoiding", "save", "saves", "saving", "skip", "skipping", "dodge", "bypass", "escape", "cut out", "no",
    "without", "zero", "walang", "sin", "sem", "ohne", "sans", "bila", "bina", "без", "evitar", "economizar",
    "ahorrar", "ahorramos", "économiser", "eviter", "éviter", "sparen", "spart", "hemat", "tanpa",
))


#: Patterns whose first word may go on with a few more word characters ("\\b(?:send|give)\\w{0,3}\\s"):
#: the first ``\\w+`` run of every match is one of the words or starts with one of the stems.
_OUTSIDE_FIRST = frozenset({
    "outside", "off", "out", "away", "elsewhere", "beyond", "take", "move", "switch", "shift", "bring", "i", "im",
    "we", "were", "check", "see", "visit", "look", "find", "go", "view", "hire", "message", "contact", "reach",
    "por", "fora", "fuera", "hors", "außerhalb", "ausserhalb", "вне", "мимо", "nje", "di", "labas", "platform",
    "bahar", "without", "cek", "lihat", "revisa", "veja", "regarde", "my", "fuori", "продолжим", "поговорим",
    "пообщаемся", "общаться", "переписываться", "давайте", "давай", "bora", "vamos", "vamo", "podemos",
    "salgamos", "saiamos", "salimos", "sa", "deal", "work", "pay", "sent", "send", "sending", "accept", "accepted", "got", "whatsapp", "wa", "telegram", "tg", "viber", "signal", "messenger", "fb", "ig",
    "insta", "discord", "skype", "wechat", "zalo", "imo", "tuongee", "tuzungumze", "tuwasiliane", "tuchat", "بره", "برا", "خارج", "ngoài", "platformun", "buiten", "poza", "dışarıda", "bara", "barra",
})
_OUTSIDE_STEMS = ("do", "finish", "continue", "talk", "chat", "deal", "work", "take", "settle", "handle", "pay",
                  "move", "sort", "discuss", "speak", "communicate", "text", "message")
_OFFER_FIRST = frozenset({
    "my", "mi", "meu", "mon", "mein", "meine", "take", "save", "note", "write", "jot", "share", "i", "ill", "id",
    "let", "lemme", "happy",
})
_OFFER_STEMS = ("send", "give", "share", "text", "drop", "pass", "forward", "leave", "dm", "message", "whatsapp")


@cache
def _start_words() -> tuple[re.Pattern[str], frozenset[str], tuple[str, ...]]:
    """(regex, words, stems): every whole-word occurrence of a first word of the patterns above or
    of ``ask``, and every word that starts with one of the stems, found in one pass over a long text
    and shared by those patterns (group 1 of a match is the word)."""
    words = _first_words(_ASK_OPENERS) | _first_words(_GIVE_WORDS) | _PROFILE_FIRST | _SEARCH_FIRST | _DIRECT_FIRST \
        | _FEE_FIRST | _OUTSIDE_FIRST | _OFFER_FIRST
    stems = tuple(sorted({*_OUTSIDE_STEMS, *_OFFER_STEMS}))
    # The search below finds what ``_start_words_reference`` finds, the word as group 1: it opens
    # with a first letter of the words and stems, so the engine skips from such letter to such letter
    # (a leading "\b" makes it try every position of the text), then tells that no word character
    # comes before it and reads the word from its start in a look-ahead inside a look-behind. The
    # words and stems are word characters only, so no match can start inside an earlier one
    # (tests/test_hostile_paths.py holds it to the reference).
    if not all(re.fullmatch(r"\w+", w) for w in (*words, *stems)):
        raise ValueError("start words: word characters only (a match could start inside another)")
    first = "[" + re.escape("".join(sorted({w[0] for w in (*words, *stems)}))) + "]"
    word = rf"(?:{alt(words)})\b|(?:{alt(stems)})\w*"
    return re.compile(rf"{first}(?<!\w{first})(?<=(?=({fast_alternation(word)})){first})"), words, stems


def _start_words_reference() -> re.Pattern[str]:
    """The plain form of ``_start_words()[0]``: the same starts, the word as the whole match."""
    _, words, stems = _start_words()
    return compile_fast(rf"\b(?:(?:{alt(words)})\b|(?:{alt(stems)})\w*)")


#: Word hits sampled at the start of a long text before the full pass, and the density (one hit per
#: this many characters) above which the patterns scan the text themselves: a Python step per hit
#: costs more than a regex pass when a text is made of such words ("send your whatsapp" repeated).
_SAMPLE = 20000
_DENSE = 20


def _word_hits(text: str) -> tuple[list[int], list[str]] | None:
    """(starts, words) of every ``_start_words`` occurrence in ``text``, or None when they are
    dense (see ``_DENSE``). The last answer is kept (one slot, replaced in a single assignment):
    the patterns of one long text ask in turn."""
    global _last_hits
    last = _last_hits
    if last[0] is text:
        return last[1]
    regex = _start_words()[0]
    hits: tuple[list[int], list[str]] | None = None
    sample = min(len(text), _SAMPLE)
    if len(regex.findall(text, 0, sample)) * _DENSE <= sample:
        starts: list[int] = []
        words: list[str] = []
        add_start, add_word = starts.append, words.append
        for m in regex.finditer(text):
            add_start(m.start())
            add_word(m.group(1))
        if len(starts) * _DENSE <= len(text):
            hits = starts, words
    _last_hits = (text, hits)
    return hits


_last_hits: tuple[str, tuple[list[int], list[str]] | None] = ("", ([], []))


def _finditer_from(
    pattern: re.Pattern[str], text: str, first: frozenset[str], stems: tuple[str, ...] = ()
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts with a whole word of
    ``first`` or one that starts with one of ``stems`` (subsets of ``_start_words``). On a long text (hostile input: one regex pass costs
    tens of milliseconds a megabyte) the pattern is tried only where such a word starts, taken from
    the pass all these patterns share; a chat message keeps the plain pass."""
    if len(text) <= _LONG_TEXT:
        return pattern.finditer(text)
    hits = _word_hits(text)
    if hits is None:
        return pattern.finditer(text)
    starts, words = hits
    if stems:
        return finditer_at(pattern, [s for s, w in zip(starts, words) if w in first or w.startswith(stems)], text)
    return finditer_at(pattern, [s for s, w in zip(starts, words) if w in first], text)


def _ask_by_word(parts: list[str], ask: re.Pattern[str]) -> dict[str, re.Pattern[str]]:
    """Opener word -> the ``ask`` alternatives it opens, compiled alone (in the pattern's order: the
    first that matches is the whole pattern's match there)."""
    if len(parts) != len(_ASK_ALTERNATIVES):
        raise ValueError("ask: one opener tuple per alternative")
    openers = [_first_words(t) for t in _ASK_ALTERNATIVES]
    if frozenset().union(*openers) != _first_words(_ASK_OPENERS):
        raise ValueError("ask: the alternatives' openers are not _ASK_OPENERS")
    compiled: dict[tuple[int, ...], re.Pattern[str]] = {tuple(range(len(parts))): ask}
    out = {}
    for word in _first_words(_ASK_OPENERS):
        opened = tuple(i for i, words in enumerate(openers) if word in words)
        if opened not in compiled:
            compiled[opened] = compile_fast("|".join(parts[i] for i in opened))
        out[word] = compiled[opened]
    return out


def _ask_matches(text: str, p: _Patterns) -> Iterator[re.Match[str]]:
    """``p.ask.finditer(text)``: on a chat message, tried at each opener word with the alternatives
    that word opens; on a long text at every opener with the whole pattern."""
    if len(text) > _LONG_TEXT:
        return finditer_at(p.ask, _word_positions(text, p.ask_openers, p.ask_opener_re), text)
    return _ask_at_openers(text, p)


def _ask_at_openers(text: str, p: _Patterns) -> Iterator[re.Match[str]]:
    end = 0
    by_word = p.ask_by_word
    for pos, word in _word_starts(text, p.ask_openers):
        if pos < end:
            continue
        m = by_word[word].match(text, pos)
        if m is not None:
            yield m
            end = m.end()


@cache
def _patterns() -> _Patterns:
    app, weak, noun = app_pattern(), weak_app_pattern(), contact_noun_pattern()
    ch = (
        rf"(?P<ch>(?<![\w@./#$-])(?:(?P<app>{app})|(?P<weak>{weak})|(?P<noun>{noun}))(?![\w@]|-(?!nya\b)\w))"
    )
    poss = rf"(?P<poss>{_POSSESSIVE})\s(?:(?:whatsapp|wa|telegram|phone|mobile|cell|contact|"
    poss += r"personal|private|own|work|business|email|\w{1,8} app)\s){0,2}"
    ask_after = (
        # "apna whatsapp no. de do", "per Mail klären"
        rf"{ch.replace('?P<', '?P<d_')}(?:\s(?:no\.?|number|num|nomor|numero))?\s?{gap(18)}"
        rf"\b(?P<cue5>{_GIVE_AFTER})\b"
    )
    ask_question = (
        # "your skype id?", "ur insta?": a bare question about the channel
        rf"(?P<cue8>(?:^|[.!?,]\s?|\bto\s)(?:\w{{1,10}}\s)?(?:{_POSSESSIVE}))\s{ch.replace('?P<', '?P<f_')}"
        r"(?:\s(?:id|number|no\.?|handle|username|user name|name|address))?(?:\s(?:kya hai|kya he|kya h|hai kya)|,\s?what(?:'s| is) it)?\s?\?"
    )
    ask_suffix = (
        # "nomor WA nya", "namba yako ya WhatsApp"
        rf"(?P<cue7>\b(?:{_GIVE})\b)\s{gap(10)}?{ch.replace('?P<', '?P<e_')}\s(?:\w{{1,10}}\s)?"
        rf"(?:{_POSSESSIVE_AFTER})\b"
    )
    ask_parts = [
        # "send me your number", "what's your whatsapp", "drop your IG", "pásame tu wsp"
        rf"(?P<cue>\b(?:{_GIVE})\b(?:[\s-](?:me|us|mir|moi|мне|nos|me ya|saya|aku|لي|li))?)\s{gap(12)}?(?:{poss})?{ch}",
        # "can I get your email", "may I have ur digits"
        # "cho em xin số Zalo", "boleh minta nomor WA", "ممكن رقم الواتساب": "may I have", no possessive needed
        (rf"(?P<cue2>\b(?:(?:can|could|may|pls|please|plz) (?:i|we) (?:get|have|grab|ask for|take|ask)|"
         r"cho (?:em|mình|minh|tôi|toi|anh|chị|chi) xin|boleh (?:minta|tau|tahu)|minta dong|"
         r"pwede (?:ko |bang |po )?(?:makuha|mahingi|hingin)|ممكن|ممكن تعطيني|ابغى|أبغى|بدي)\b)"
        rf"\s(?:(?P<poss2>{_POSSESSIVE})\s)?(?:\w{{1,10}}\s)?{ch.replace('?P<', '?P<a_')}"),
        # "do you have Telegram?", "u have whatsapp?", "hast du Signal"
        rf"(?P<cue3>{_HAVE})\s(?:(?:a|an|any|the|some)\s)?{ch.replace('?P<', '?P<b_')}",
        # "let's continue on email", "add me on the green app", "hop on a zoom"
        (rf"(?P<cue4>\b(?:{_TALK})\b)(?:\s(?:{_TALK_OBJECT})){{0,2}}\s(?:{_PREP})\s"
        rf"(?:(?:the|a|an|my|your|ur|our|el|la|le|o|a|das|die|der|den|um|una|un)\s)?"
        rf"(?:(?:personal|private|work|other|own|direct|business|second|main|new)\s)?"
        rf"{ch.replace('?P<', '?P<c_')}"),
        # "email me"
        r"(?P<cue6>\b(?:email|e-mail|mail|whatsapp|telegram|skype|wa|sms) (?:me|us)\b)",
        # "here is my instagram", "this is my telegram"
        rf"(?P<cue9>\b(?:here(?:'s| is)|this is|heres)\s(?:my|our)\s)(?:\w{{1,10}}\s)?{ch.replace('?P<', '?P<g_')}",
        # "add my whatsapp", "follow my insta": someone's own account to add
        (rf"(?P<cue10>\b(?:add|follow|friend)\s(?:(?:my|mi|meu|minha|mon|ma|mein|meine)\s)){ch.replace('?P<', '?P<h_')}"
         r"(?!\s(?:to|into|in|on|for)\s(?:the|our|this|that|your|a)\s)"),
    ]
    ask = "|".join(ask_parts)
    return _Patterns(
        ask=compile_fast(ask),
        ask_by_word=_ask_by_word(ask_parts, compile_fast(ask)),
        ask_openers=_first_words(_ASK_OPENERS),
        ask_opener_re=compile_fast(rf"\b(?:{alt(_first_words(_ASK_OPENERS))})\b"),
        ask_after=compile_fast(ask_after),
        ask_question=compile_fast(ask_question),
        ask_suffix=compile_fast(ask_suffix),
        give_after_hint=compile_fast(rf"\b(?:{_GIVE_AFTER})\b"),
        poss_after_hint=compile_fast(rf"\b(?:{_POSSESSIVE_AFTER})\b"),
        outside=compile_fast(_OUTSIDE),
        direct=compile_fast(_DIRECT),
        fee=compile_fast(_FEE),
        same_handle=compile_fast(_SAME_HANDLE),
        profile=compile_fast(_PROFILE_POINTER),
        search=compile_fast(_SEARCH_ME),
        other_way=compile_fast(_OTHER_WAY),
        # "my no is ate 0 seven...": a contact detail announced, however it is then written
        offer_contact=compile_fast(
            r"\b(?:my|mi|meu|mon|mein|meine)\s(?:(?:personal|work|private|whatsapp|wa|phone|mobile|cell|"
            r"contact|telegram)\s)?(?:number|no\.?|num|digits|email|e-mail|gmail|whatsapp|telegram|insta|"
            r"ig|skype|handle|contact|número|numero|nummer|numéro|correo|socials|social media|handles|contacts)"
            r"\s?(?:(?:is|are|es|é|est|ist|sind|son|são|ni|hai)\b|:|=)"
            r"(?=\s?\S)(?!\s(?:not|broken|down|full|blocked|changed|the same as before|fine|working|off|"
            r"dead|private|in\b|on\b|listed|visible|hidden|verified|linked|still|also|now|the one)\b)"
            # "I'll send you my number", "let me give you my email", "take my number"
            r"|\b(?:send|give|share|text|drop|pass|forward|leave|dm|message|whatsapp)\w{0,3}\s(?:you|u|ya)\s"
            r"(?:my|our)\s" + _OFFERED_DETAIL
            + r"|\b(?:take|save|note down|write down|jot down)\s(?:down\s)?(?:my|our)\s" + _OFFERED_DETAIL
            + r"|\bshare (?:my|our)\s" + _OFFERED_DETAIL + r"\swith (?:you|u)\b"
            # "I'll drop my LinkedIn so you can check my references", "let me send you my #"
            + r"|\b(?:i'?ll|i will|let me|lemme|i can|i could|i'?d like to|i want to|happy to)\s(?:just\s|quickly\s)?"
            r"(?:drop|share|send|post|leave|paste|give)\s(?:you\s|u\s)?(?:my|our)\s(?:linkedin|insta(?:gram)?|ig|facebook|fb|"
            r"twitter|tiktok|snapchat|snap|whatsapp|telegram|skype|discord|wechat|signal|viber|#(?!\w))"
            r"(?=\s|$|[.,!?])(?!\s(?:post|posts|page design|ad|ads|campaign|banner|draft|template|logo|icon|design|feed|"
            r"story|stories|bio|analytics|group|channel|bot|api|integration|case study|article)\b)"
        ),
        call_on_app=compile_fast(
            r"\b(?:do|have|hop on|jump on|get on|set up|schedule)\s(?:a\s)?(?:quick\s|short\s|video\s)?"
            r"(?:facetime|zoom|skype|whatsapp call|whatsapp video|telegram call|google meet|gmeet|teams call|"
            r"discord call|signal call)\b"
            r"|\b(?:send|share|email|text)\w{0,3}\s(?:you|u)\s(?:a|the|my)\s(?:zoom|teams|google meet|meet|skype|"
            r"whereby|calendly|webex|gotomeeting)\s(?:link|invite|invitation|room|call)\b"
        ),
        # "I'll send the agreement to your personal email": a channel of the reader's own, off the platform
        send_to_own=compile_fast(
            r"\b(?:send|email|e-mail|mail|forward)\w{0,3}\s(?:it|this|that|them|everything|the rest|the \w{1,14})\s"
            r"(?:to|on|at)\s(?:your|ur)\s(?:personal|private|own|real|other|direct)\s" + ch
        ),
        talk_there=compile_fast(
            r"\b(?:we(?:'ll| will| can| could)?|let'?s|lets|and)\s(?:talk|chat|continue|speak|discuss|"
            r"connect)\s(?:\w{1,10}\s)?there\b"
        ),
        handle_is_name=compile_fast(
            rf"(?<![\w@./#$-])(?:{app}|{weak}|e-?mail|gmail|mail|handle|user ?name|id)\s(?:is|=|:)\s"
            r"(?:just\s)?(?:the|my|our)\s(?:(?:full|studio|company|business|shop|brand|user|profile)\s)?"
            r"(?:user ?name|name)\b(?!\s(?:of|for)\b)"
        ),
        channel_anywhere=compile_fast(
            rf"(?<![\w@./#$-])(?:{app}|{weak}|{noun}|find me|add me|dm me|hit me|ping me|search)(?!\w)"
        ),
        poss_after=compile_fast(rf"\s?(?:\w{{1,10}}\s)?\b(?:{_POSSESSIVE_AFTER})\b"),
        prep_before=compile_fast(rf"\b(?:{_PREP})\s(?:(?:the|a|an|my|o|a|el|la)\s)?$"),
        not_contact_number=compile_fast(
            rf"\b{NON_CONTACT_QUALIFIERS}\s$|^\s?(?:of|for|ya siri|de serie|de pedido|invoice|order|pesanan|resi|faktur|"
            r"kamar|tiket|antrian|seri|model|part|item|tracking|"
            r"of (?:pages|words|revisions|items|hours|days)|1\b|one\b|two\b|\d)"
        ),
    )


#: The words "offer_contact" holds (a whole word): without one it cannot match.
_OFFER_OWNERS = frozenset({"my", "mi", "meu", "mon", "mein", "meine", "our"})

#: A contact detail someone offers to send ("my personal number", "our email"), not a document or
#: a quantity ("my email draft", "my number of hours").
_OFFERED_DETAIL = (
    r"(?:personal\s|private\s|work\s|direct\s|own\s|real\s|other\s|mobile\s|cell\s)?(?:number|phone(?: number)?|"
    r"cell(?: number)?|mobile(?: number)?|digits|contact(?: details| info| number)?|email(?: address| id)?|"
    r"e-mail|gmail|whatsapp(?: number)?|telegram|skype|insta(?:gram)?|ig|handle|socials|details)\b"
    r"(?!\s(?:draft|template|copy|summary|signature|thread|campaign|list|newsletter|of|for|format|field)\b)"
)

#: Credential words in the clause: "number"/"code" there is a PIN or an OTP, not a contact.
_CREDENTIAL_CLAUSE = compile_fast(
    r"\b(?:pin|otp|code|codes|password|passcode|ssn|social security|siri|cvv|cvc|card|"
    r"verification|kode|código|codigo|код|كود|пароль)\b"
)
#: A detail written plainly right after "my number is": digits, an address, a handle or a link.
_PLAIN_DETAIL = compile_fast(
    r"\s?:?\s?(?:[+(]?\d[\d\s().-]{5,}\d|\S{1,64}@\S|@\w|\S{0,40}(?:://|www\.|\.(?:com|net|org|io|me)\b))"
)
@cache
def _bare_app_question() -> re.Pattern[str]:
    """A message that is an app's name and a question mark ("discord?", "zoom?")."""
    # Turkish adds "your" to the name and asks "what": "instagramın ne?"
    return compile_fast(rf"^\W{{0,3}}(?:(?:and|or|on|use|you on|u on)\s)?(?P<app>{app_pattern()})"
                      r"(?:(?:ın|in|un|ün|nın|nin)\s?ne)?\s?\?+\W{0,3}$")


#: A same-name pointer that names its mail provider ("same at gmail") needs no other channel word.
_NAMES_A_PROVIDER = compile_fast(r"@|\b(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|proton(?:mail)?)\b"
                                 r"|\bdot (?:com|dev|io|net|org|co|app|site|me|design|studio)\b")
#: Indonesian "-nya" ("its/your") glued to the word after the channel: "email pribadinya".
_NYA_AFTER = compile_fast(r"\s\w{2,12}(?:-|\s)?nya\b")
#: "your email, what is it?": the channel asked for after the fact.
#: "mobile" is a phone number unless a word of design or software follows it.
_MOBILE_AS_DEVICE = compile_fast(r"\s?(?:app|apps|version|versions|view|layout|layouts|design|designs|site|website|"
                               r"friendly|responsive|first|screen|screens|device|devices|menu|nav|ui|ux|breakpoint|"
                               r"mockups?|number formatting|game|games|wallet|payment|banking|data|network|hotspot)\b")
#: "send me" in the languages that leave the possessive out ("gửi mình email", "kirim aku nomor").
_ME_OBJECT_END = compile_fast(r"\s(?:mình|em|tôi|aku|saya)$")
_HANDLE_WORD = compile_fast(
    r"\b(?:user ?name|handle|nick(?:name)?|id|everywhere|kullanıcı adı\w{0,2}|kullanici adi\w{0,2})\b|_\w|\b(?:underscore|at the end|in front|"
    r"with a dot|plus \d|followed by)\b"
)
#: "your WhatsApp number for further discussion": an app before "number" makes it a contact, whatever follows.
_APP_BEFORE_NUMBER = compile_fast(r"\b(?:whatsapp|wa|telegram|signal|viber|phone|mobile|cell|contact|personal)\s$")
#: What stands before "go" when someone proposes to go somewhere ("let's go on WhatsApp", "can we go
#: to email?", "go on telegram and ..." at the start).
_PROPOSAL_BEFORE = compile_fast(
    r"(?:^|[.!?,;:]\s?|\b(?:let'?s|lets|we|can|could|shall|should|i'?ll|i will|we'?ll|to|and|please|pls|plz|just|"
    r"maybe|better|rather|wanna|gonna|you|u)\s)$"
)
#: A work product named after an app ("our Instagram analytics", "the WhatsApp banner").
_WORK_OBJECT_AFTER = compile_fast(
    r"['\"’”]?\s(?:(?:floating|sticky|share|chat|click-to-chat|official|green)\s)?(?:analytics|reports?|insights|stats|statistics|metrics|posts?|ads?|campaigns?|feed|stories|story|reels?|"
    r"banners?|logo|templates?|bio|highlights?|carousel|grid|followers|api|integration|bot|widget|button|icon|"
    r"audience|strategy|content|captions?|hashtags?|page design|growth|engagement|ad account|webinars?|registration|"
    r"sso|workspace|rooms?|recordings?|"
    # "mag-reply sa Messenger ng customers": the customers' messages, the work
    r"ng (?:mga )?(?:customers?|clients?|buyers?)|of (?:the |our )?(?:customers|clients|buyers)|for (?:the |our )?(?:customers|clients|shop|store))\b"
)
_NAMED_OWNER_BEFORE = compile_fast(r"[\w.](?<!\bmy)(?<!\byour)(?<!\bur)(?<!\bour)'s\s$")
_OWN_CHANNEL_GATE = frozenset({"personal", "private", "own", "real", "other", "direct"})
_TO_ME = compile_fast(r"\b(?:me|us|you|u)\b")
_ZOOM_VERB = compile_fast(r"^\s?(?:in|out|level|into|to fit)\b")


class IntentDetector(BaseDetector):
    """Findings of kind ``intent`` (rules ``intent.<name>``), one per rule that fired."""

    kinds = frozenset({Kind.INTENT})

    def detect(self, nt: NormalizedText) -> Iterator[Finding]:
        """A plain function, not a generator: most messages wake no family and get ``()`` at the
        cost of one cached lookup."""
        text = nt.text
        families = message_families(text)[0]
        if not families:
            return ()
        if families.isdisjoint(_UNGATED_FAMILIES) and not _gated_families_possible(families, word_set(text), text):
            return ()  # every woken family has a gate, and all fail: no generator is made
        return self._detect(nt, text, families)

    def _detect(self, nt: NormalizedText, text: str, families: frozenset[str]) -> Iterator[Finding]:
        p = _patterns()
        found: dict[str, tuple[float, int, int]] = {}
        for rule, score, start, end, cue_start in self._candidates(text, p, families, found):
            if rule in found:
                continue
            a, _ = clause_bounds(text, start, end)
            if is_negated(text, a, cue_start) or is_reported_speech(text, a, cue_start):
                continue
            found[rule] = (score, start, end)
        if not found or is_stay_on_platform_talk(text) or is_warning(text):
            return
        for rule, (score, start, end) in found.items():
            yield make_finding(
                nt, Kind.INTENT, start, end, value=rule.split(".", 1)[1], rule=rule, score=score,
                explanation=f"{rule}: {text[start:end]!r}",
            )

    def _candidates(
        self, text: str, p: _Patterns, families: frozenset[str], found: dict[str, tuple[float, int, int]]
    ) -> Iterator[tuple[str, float, int, int, int]]:
        """Candidates in rule order. ``found`` is the caller's record of rules already accepted
        (it is updated between two candidates): only the first accepted candidate of a rule counts,
        so the search for more of that rule stops there."""
        words = word_set(text)
        if "channel" in families and len(text) <= 40:
            m = _bare_app_question().match(text)
            if m is not None:  # "discord?", "whatsapp??", "zoom?": the whole message asks for the app
                yield "intent.ask_channel", 0.8, m.start("app"), m.end("app"), m.start("app")
        if "channel" in families:
            for pattern in (p.ask, p.ask_after, p.ask_question, p.ask_suffix):
                if "intent.ask_channel" in found:
                    break
                if pattern is p.ask:
                    matches = _ask_matches(text, p)
                elif (
                    (pattern is p.ask_after and not (_GIVE_AFTER_GATE.passes(words, text)
                                                     and p.give_after_hint.search(text)))
                    or (pattern is p.ask_question and ("?" not in text or not _POSSESSIVE_GATE.passes(words, text)))
                    or (pattern is p.ask_suffix and not _POSSESSIVE_AFTER_GATE.passes(words, text))
                ):
                    continue  # the pattern's hint is missing: it cannot match
                elif pattern is p.ask_suffix:
                    matches = _finditer_from(pattern, text, _GIVE_FIRST)
                else:
                    matches = pattern.finditer(text)
                for m in matches:
                    hit = self._channel_request(text, m, p)
                    if hit is not None:
                        yield hit
                        if "intent.ask_channel" in found:
                            break
        if "outside" in families:
            yield from self._outside(text, p)
        if "direct" in families:
            yield from self._direct(text, p)
        if "fee" in families and _FEE_VERB_GATE.passes(words, text):
            context: bool | None = None  # _FEE_CONTEXT.search(text), asked once, when first needed
            for m in _finditer_from(p.fee, text, _FEE_FIRST):
                if context is None:
                    context = _FEE_CONTEXT.search(text) is not None
                if not context:
                    continue
                yield "intent.fee_avoidance", 0.8, m.start(), m.end(), m.start()
                if "intent.fee_avoidance" in found:
                    break
        if "channel" in families and passes_all(_NAME_GATES, words, text):
            for m in p.handle_is_name.finditer(text):
                yield "intent.same_handle", 0.75, m.start(), m.end(), m.start()
        if "same" in families and "intent.same_handle" not in found:
            for m in p.same_handle.finditer(text):
                if (_NAMES_A_PROVIDER.search(m.group()) is None and not _HANDLE_WORD.search(text)
                        and p.channel_anywhere.search(text) is None):
                    continue  # "use the same name as here for the app title" ("same at gmail" names its channel)
                yield "intent.same_handle", 0.75, m.start(), m.end(), m.start()
        if "profile" in families and (_QR in words or not _COMMIT_WORDS.isdisjoint(words)
                                      or passes_all(_PROFILE_GATES, words, text)):
            for m in _finditer_from(p.profile, text, _PROFILE_FIRST):
                if (_IN_THE_FILE.search(m.group()) and _IN_A_FILE.search(m.group())
                        and not _MINE_BEFORE.search(text, max(0, m.start() - 5), m.start())):
                    continue  # "the phone number is in the footer of the invoice template": the work's, not mine
                if m.group().startswith("it") and not re.search(
                    r"\b(?:number|contact|whatsapp|email|handle)\b", text
                ):
                    continue
                yield "intent.profile_pointer", 0.75, m.start(), m.end(), m.start()
        if "profile" in families and not _ELSEWHERE_WORDS.isdisjoint(words):
            for m in _ELSEWHERE_POINTER.finditer(text):
                yield "intent.profile_pointer", 0.75, m.start(), m.end(), m.start()
                break
        if "channel" in families:
            for m in () if _OFFER_OWNERS.isdisjoint(words) else _finditer_from(
                p.offer_contact, text, _OFFER_FIRST, _OFFER_STEMS):
                if _PLAIN_DETAIL.match(text, m.end()):
                    continue  # the detail itself follows, written plainly: the detail detectors' job
                yield "intent.offer_contact", 0.7, m.start(), m.end(), m.start()
                if "intent.offer_contact" in found:
                    break
            for m in () if "intent.ask_channel" in found or not _CALL_APP_GATE.passes(words, text) else (
                p.call_on_app.finditer(text)
            ):
                if is_job_topic(text, m.start(), m.end()) or _WORK_OBJECT_AFTER.match(text, m.end()):
                    continue  # "set up a zoom integration", "set up Zoom webinar registration"
                yield "intent.ask_channel", 0.75, m.start(), m.end(), m.start()
                break
            for m in () if "intent.ask_channel" in found or _OWN_CHANNEL_GATE.isdisjoint(words) or (
                    "your" not in words and "ur" not in words) else p.send_to_own.finditer(text):
                yield "intent.ask_channel", 0.8, m.start(), m.end(), m.start()
                break
            for m in () if "intent.ask_channel" in found or "there" not in words else p.talk_there.finditer(text):
                if p.channel_anywhere.search(text, 0, m.start()) is not None:
                    yield "intent.ask_channel", 0.75, m.start(), m.end(), m.start()
        if "search" in families and _SEARCH_GATE.passes(words, text):
            yield from self._search(text, p)
        if "other" in families:
            yield from self._other_way(text, p, words)

    @staticmethod
    def _outside(text: str, p: _Patterns) -> Iterator[tuple[str, float, int, int, int]]:
        for m in _finditer_from(p.outside, text, _OUTSIDE_FIRST, _OUTSIDE_STEMS):
            if text[max(0, m.start() - 4):m.start()] in ("log ", "sign") or "off here" in m.group() and (
                re.search(r"\b(?:log|sign|signing|logging|head|heading)\s$", text[max(0, m.start() - 10):m.start()])
            ):
                continue
            if re.match(r"\s?(?:scope|hours|office|business hours|budget)", text[m.end():m.end() + 15]):
                continue
            yield "intent.move_off", 0.85, m.start(), m.end(), m.start()

    @staticmethod
    def _direct(text: str, p: _Patterns) -> Iterator[tuple[str, float, int, int, int]]:
        for m in _finditer_from(p.direct, text, _DIRECT_FIRST):
            a, b = clause_bounds(text, m.start(), m.end())
            if _DIRECT_INSIDE.search(text[m.end():m.end() + 30]):
                continue
            if m.group("direct") in ("between us", "on the side") and re.match(r"\s?and\s(?!skip|avoid|save)",
                                                                             text[m.end():m.end() + 12]):
                continue  # "sort it out between us and the client": more parties than the two
            if _WE.search(text, a, b) is None:
                continue
            yield "intent.work_directly", 0.75, m.start(), m.end(), m.start()

    @staticmethod
    def _search(text: str, p: _Patterns) -> Iterator[tuple[str, float, int, int, int]]:
        for m in _finditer_from(p.search, text, _SEARCH_FIRST):
            if re.match(r"\s?(?:business|maps|drive|docs|sheets|ads|analytics|search console)\b",
                        text[m.end():m.end() + 20]) or m.group().endswith("my business"):
                continue
            if re.match(r"\s?(?:in|on) (?:the |our |your )?(?:crm|database|db|list|sheet|spreadsheet|"
                        r"system|file|table|doc|document|csv|report|results|code)\b",
                        text[m.end():m.end() + 30]):
                continue
            _, b = clause_bounds(text, m.start(), m.end())
            if re.search(r"\b(?:here|(?:on|in) (?:the|this) (?:platform|site|marketplace))\b",
                         text[m.end():b].split(",", 1)[0]):
                continue  # "search my name in the directory here": it points at the platform
            yield "intent.search_me", 0.7, m.start(), m.end(), m.start()

    @staticmethod
    def _other_way(text: str, p: _Patterns, words: frozenset[str]) -> Iterator[tuple[str, float, int, int, int]]:
        if _other_arrangement_possible(words, text) and _FEE_WORD.search(text):
            # "the fee here is crazy, is there another way we can work?"
            for m in _OTHER_ARRANGEMENT.finditer(text):
                a, b = clause_bounds(text, m.start(), m.end())
                if re.search(r"\b(?:milestones?|escrow|platform|contract)\b", text[a:min(len(text), b + 40)]):
                    continue  # "another way to pay, like milestones?" stays on the platform
                yield "intent.other_channel", 0.75, m.start(), m.end(), m.start()
                break
        for m in p.other_way.finditer(text) if _other_way_possible(words) else ():
            if re.search(r"\bsupport\b", text[m.end():m.end() + 20]) or is_job_topic(text, m.start(), m.end()):
                continue
            if m.group().startswith(("what", "which")) and not re.search(r"messenger|messaging|chat", m.group()):
                a, b = clause_bounds(text, m.start(), m.end())
                if not re.search(r"\b(?:chat|talk|messag\w{0,3}|contact|call|reach|communicat\w{0,5})\b",
                                 text[a:b]):
                    continue
            yield "intent.other_channel", 0.75, m.start(), m.end(), m.start()

    @staticmethod
    def _channel_request(text: str, m: re.Match[str], p: _Patterns) -> tuple[str, float, int, int, int] | None:
        groups = {k.split("_", 1)[-1] if k[1:2] == "_" else k: v
                  for k, v in m.groupdict().items() if v is not None}
        cue_name = next(k for k, v in m.groupdict().items() if v is not None and k.startswith("cue"))
        ch_name = next((k for k, v in m.groupdict().items() if v is not None and k.endswith("ch")), cue_name)
        ch_start, ch_end = m.span(ch_name)
        channel = m.group(ch_name)
        cue_start = m.start(cue_name)
        start, end = min(cue_start, ch_start), max(m.end(cue_name), ch_end)
        if m.group(cue_name) == "got" and text[max(0, cue_start - 3):cue_start] in ("i ", " i ", "we "):
            return None  # "I got the WhatsApp notification": a story, not a question
        if m.group(cue_name) == "go" and not _PROPOSAL_BEFORE.search(text, max(0, cue_start - 16), cue_start):
            return None  # "the launch posts go on Instagram": things go there, nobody proposes to
        if is_job_topic(text, ch_start, ch_end) or _WORK_OBJECT_AFTER.match(text, ch_end):
            return None  # "send our Instagram analytics report": a work product named after the app
        if _NAMED_OWNER_BEFORE.search(text, max(0, ch_start - 4), ch_start) and not _TO_ME.search(m.group()):
            return None  # "post 3 reels on @sunrise.bakery's instagram": a business's account, the work's
        if channel in ("zoom", "зум") and _ZOOM_VERB.match(text[ch_end:ch_end + 12]):
            return None
        has_poss = (
            "poss" in groups or "poss2" in groups or channel.endswith("ك")
            or p.poss_after.search(text, m.end(cue_name), ch_start) is not None
            or p.poss_after.match(text, ch_end) is not None
            or _NYA_AFTER.match(text, ch_end) is not None
        )
        if cue_name == "cue" and not has_poss and not (
            "noun" not in groups and p.prep_before.search(text, max(0, ch_start - 12), ch_start)
        ) and not (_ME_OBJECT_END.search(m.group(cue_name)) and not text[m.end(cue_name):ch_start].strip()):
            # "send the files to X": a give verb needs "your"/"ur" before the channel, unless the
            # language leaves the possessive out after "send me" ("gửi mình email đi")
            return None
        if "noun" in groups:
            if channel in ("cell", "num", "no.", "mobile") and not has_poss:
                return None
            if channel == "mobile" and _MOBILE_AS_DEVICE.match(text, ch_end):
                return None  # "send me your mobile designs", "your mobile app"
            if channel == "mail" and not has_poss and cue_name not in ("cue4", "cue5"):
                return None
            if p.not_contact_number.search(text[max(0, ch_start - 14):ch_start]) or (
                p.not_contact_number.search(text[ch_end:ch_end + 20])
                and not _APP_BEFORE_NUMBER.search(text, max(0, ch_start - 12), ch_start)
                and channel in (
                    "number", "numero", "número", "nomor", "namba", "nambari", "номер", "رقم", "num", "no.")
            ):
                return None
            a, b = clause_bounds(text, ch_start, ch_end)
            if _CREDENTIAL_CLAUSE.search(text, a, b):
                return None
            score = 0.8
        elif "weak" in groups:
            score = 0.7
        else:
            score = 0.9
        return "intent.ask_channel", score, start, end, cue_start
