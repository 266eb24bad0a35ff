"""Conversation export for disputes: JSON, and a readable HTML transcript with the decisions.

A participant's export shows what that participant may see; a moderator's (through a case) shows
everything: originals, decisions, findings, moderator decisions and the audit rows.
"""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .marketplace import stage_of
from .messaging import view, visible_to
from .models import AuditEntry, Case, Contract, Conversation, Job, Message, ModeratorDecision, User, aware, utcnow


def export_conversation(session: Session, conv: Conversation, viewer_id: int | None, *, moderator: bool) -> dict[str, Any]:
    job = session.get(Job, conv.job_id)
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_([conv.client_id, conv.freelancer_id])))}
    messages = [
        view(m, viewer_id, moderator=moderator)
        for m in session.scalars(select(Message).where(Message.conversation_id == conv.id).order_by(Message.id))
        if moderator or visible_to(m, viewer_id)
    ]
    contracts = [
        {"id": c.id, "state": c.state, "amount_cents": c.amount_cents, "currency": c.currency, "terms": c.terms,
         "created_at": aware(c.created_at).isoformat(), "updated_at": aware(c.updated_at).isoformat()}
        for c in session.scalars(select(Contract).where(Contract.conversation_id == conv.id).order_by(Contract.id))
    ]
    out: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "view": "moderator" if moderator else "participant",
        "conversation": {"id": conv.id, "stage": str(stage_of(session, conv)),
                         "created_at": aware(conv.created_at).isoformat()},
        "job": {"id": job.id, "title": job.title} if job else None,
        "participants": [
            {"id": u.id, "name": u.name, "role": "client" if u.id == conv.client_id else "freelancer",
             "member_since": aware(u.created_at).date().isoformat()}
            for u in users.values()
        ],
        "contracts": contracts,
        "messages": messages,
    }
    if moderator:
        cases = list(session.scalars(select(Case).where(Case.conversation_id == conv.id).order_by(Case.id)))
        out["cases"] = [
            {"id": c.id, "kind": c.kind, "status": c.status, "message_id": c.message_id, "resolution": c.resolution,
             "reason": c.reason,
             "decisions": [
                 {"moderator_id": d.moderator_id, "action": d.action, "note": d.note,
                  "created_at": aware(d.created_at).isoformat()}
                 for d in session.scalars(select(ModeratorDecision).where(ModeratorDecision.case_id == c.id))
             ]}
            for c in cases
        ]
        subjects = [f"conversation:{conv.id}"] + [f"message:{m['id']}" for m in messages] + [
            f"contract:{c['id']}" for c in contracts] + [f"case:{c['id']}" for c in out["cases"]]
        out["audit"] = [
            {"seq": a.seq, "at": a.at, "actor": a.actor, "action": a.action, "subject": a.subject, "hash": a.hash}
            for a in session.scalars(select(AuditEntry).where(AuditEntry.subject.in_(subjects)).order_by(AuditEntry.id))
        ]
        out["audit_chain"] = audit.verify(session).to_dict()
    return out


_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Conversation {{ c.conversation.id }} transcript</title>
<style>
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;color:#222}
.msg{border:1px solid #ddd;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.meta{color:#666;font-size:.85rem}.held{background:#fff8e1}.blocked{background:#fdecea}
.decision{font-size:.85rem;color:#444;margin-top:.3rem}pre{white-space:pre-wrap;margin:.3rem 0}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;font-size:.85rem}
</style></head><body>
<h1>Conversation {{ c.conversation.id }}{% if c.job %}: {{ c.job.title }}{% endif %}</h1>
<p class="meta">Exported {{ c.exported_at }} ({{ c.view }} view). Stage now: {{ c.conversation.stage }}.</p>
<h2>Participants</h2><ul>
{% for u in c.participants %}<li>{{ u.name }} (#{{ u.id }}, {{ u.role }}, member since {{ u.member_since }})</li>{% endfor %}
</ul>
<h2>Contracts</h2>
{% if c.contracts %}<table><tr><th>#</th><th>State</th><th>Amount</th><th>Updated</th></tr>
{% for k in c.contracts %}<tr><td>{{ k.id }}</td><td>{{ k.state }}</td>
<td>{{ "%.2f"|format(k.amount_cents / 100) }} {{ k.currency }}</td><td>{{ k.updated_at }}</td></tr>{% endfor %}
</table>{% else %}<p>None.</p>{% endif %}
<h2>Messages</h2>
{% for m in c.messages %}<div class="msg {{ m.status }}" id="m{{ m.id }}">
<div class="meta">#{{ m.id }} &middot; {{ names.get(m.sender_id, m.sender_id) }} &rarr;
{{ names.get(m.recipient_id, m.recipient_id) }} &middot; {{ m.created_at }} &middot; {{ m.status }}</div>
<pre>{{ m.text if m.text is not none else "(not delivered)" }}</pre>
{% if m.action %}<div class="decision">Decision: <b>{{ m.action }}</b> at stage {{ m.stage }}
{% if m.rules %}&middot; rules: {{ m.rules|join(", ") }}{% endif %}
{% if m.delivered_text is not none and m.delivered_text != m.original %}<br>Delivered as: {{ m.delivered_text }}{% endif %}
{% for f in m.findings %}<br>&bull; {{ f.kind }} "{{ f.text }}" ({{ f.rule }}){% endfor %}</div>{% endif %}
</div>{% else %}<p>No messages.</p>{% endfor %}
{% if c.cases is defined %}<h2>Cases</h2>
{% for k in c.cases %}<p>Case #{{ k.id }} ({{ k.kind }}, {{ k.status }}{% if k.resolution %}: {{ k.resolution }}{% endif %})
about message #{{ k.message_id }}{% for d in k.decisions %}<br>&mdash; moderator #{{ d.moderator_id }}: {{ d.action }}
{% if d.note %}({{ d.note }}){% endif %}{% endfor %}</p>{% else %}<p>None.</p>{% endfor %}
<h2>Audit</h2><p class="meta">Chain check: {{ "intact" if c.audit_chain.ok else "BROKEN at row %s"|format(c.audit_chain.first_broken) }}
({{ c.audit_chain.rows }} rows).</p><table><tr><th>Seq</th><th>At</th><th>Actor</th><th>Action</th><th>Subject</th></tr>
{% for a in c.audit %}<tr><td>{{ a.seq }}</td><td>{{ a.at }}</td><td>{{ a.actor }}</td><td>{{ a.action }}</td><td>{{ a.subject }}</td></tr>{% endfor %}
</table>{% endif %}
</body></html>
"""


def render_html(data: dict[str, Any]) -> str:
    env = Environment(loader=DictLoader({"export.html": _TEMPLATE}), autoescape=select_autoescape(default=True))
    names = {p["id"]: p["name"] for p in data["participants"]}
    return env.get_template("export.html").render(c=data, names=names)
