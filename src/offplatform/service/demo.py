"""Demo data for ``offplatform serve --demo``: three people and a conversation at the interview stage."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from . import accounts, audit
from .db import transaction
from .models import Conversation, Job, Role, User, utcnow
from .runtime import Runtime

PEOPLE = (
    ("client@demo.offplatform.test", "Dana Client", Role.CLIENT),
    ("freelancer@demo.offplatform.test", "Frank Freelancer", Role.FREELANCER),
    ("moderator@demo.offplatform.test", "Mo Moderator", Role.MODERATOR),
)


@dataclass(frozen=True, slots=True)
class Credential:
    email: str
    password: str
    role: str


def seed(rt: Runtime) -> tuple[list[Credential], int]:
    """Create (or reset the passwords of) the demo people; returns their credentials and the
    demo conversation's id."""
    creds: list[Credential] = []
    users: dict[Role, User] = {}
    with transaction(rt.sessions) as s:
        for email, name, role in PEOPLE:
            password = secrets.token_urlsafe(12)
            user = s.scalar(select(User).where(User.email == email))
            if user is None:
                user = accounts.create_user(s, rt.passwords, email=email, name=name, role=role, password=password,
                                            actor="demo")
            else:
                user.password_hash = rt.passwords.hash(password)
            users[role] = user
            creds.append(Credential(email, password, str(role)))
        client, freelancer = users[Role.CLIENT], users[Role.FREELANCER]
        conv = s.scalar(select(Conversation).where(Conversation.client_id == client.id,
                                                   Conversation.freelancer_id == freelancer.id))
        if conv is None:
            job = Job(client_id=client.id, title="Logo for a bakery", description="Three concepts, vector files.",
                      created_at=utcnow())
            s.add(job)
            s.flush()
            conv = Conversation(job_id=job.id, client_id=client.id, freelancer_id=freelancer.id,
                                base_stage="interview", created_at=utcnow())
            s.add(conv)
            s.flush()
            audit.append(s, "demo", "conversation.started", f"conversation:{conv.id}",
                         {"job": job.id, "client": client.id, "freelancer": freelancer.id, "stage": "interview"})
        return creds, conv.id
