"""Generate a realistic interchange file of N tasks (Vietnamese titles, 40 agencies, 3 years)."""

from __future__ import annotations

import argparse
import json
import random
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

LOCALITIES = ["Hà Nội", "Thái Nguyên", "Bắc Ninh", "Hải Phòng"]
DEPARTMENTS = [
    ("KHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
    ("CT", "Sở Công Thương", "Sở CT"),
    ("NNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
    ("GTVT", "Sở Giao thông vận tải", "Sở GTVT"),
    ("DL", "Sở Du lịch", "Sở DL"),
    ("LDTBXH", "Sở Lao động – Thương binh và Xã hội", "Sở LĐ-TB&XH"),
    ("TC", "Sở Tài chính", "Sở TC"),
    ("XD", "Sở Xây dựng", "Sở XD"),
    ("YT", "Sở Y tế", "Sở YT"),
    ("UBND", "Ủy ban nhân dân", "UBND"),
]
CODES = {"Hà Nội": "HN", "Thái Nguyên": "TN", "Bắc Ninh": "BN", "Hải Phòng": "HP"}
VERBS = ["Xây dựng", "Triển khai", "Tổ chức", "Đề xuất", "Rà soát", "Hoàn thiện", "Kết nối"]
OBJECTS = [
    "kế hoạch tiêu thụ chè",
    "chương trình xúc tiến đầu tư",
    "tuyến vận tải hành khách",
    "tour du lịch liên tỉnh",
    "phiên chợ nông sản an toàn",
    "quy chế phối hợp quản lý chất lượng",
    "báo cáo kết quả hợp tác",
    "danh mục dự án hạ tầng",
    "hội nghị kết nối cung cầu",
    "đề án đào tạo nghề",
]
AREAS = [
    "agriculture",
    "food_safety",
    "infrastructure",
    "transport",
    "investment",
    "tourism",
    "trade",
    "welfare",
    "coordination",
]
STATUSES = ["open"] * 3 + ["in_progress"] * 3 + ["blocked"] + ["done"] * 6 + ["cancelled"]


def generate(count: int, seed: int = 2019) -> dict[str, Any]:
    rng = random.Random(seed)
    agencies = [
        {
            "code": f"{CODES[locality]}-{code}",
            "name": f"{name} {locality}",
            "short": f"{short} {locality}",
            "locality": locality,
        }
        for locality in LOCALITIES
        for code, name, short in DEPARTMENTS
    ]
    codes = [agency["code"] for agency in agencies]
    start = date(2024, 1, 1)
    tasks = []
    for number in range(count):
        created = start + timedelta(days=rng.randrange(0, 900))
        due = created + timedelta(days=rng.randrange(15, 400)) if rng.random() < 0.9 else None
        status = rng.choice(STATUSES)
        closed_on = None
        outcome = None
        if status in ("done", "cancelled"):
            closed_on = min(created + timedelta(days=rng.randrange(5, 420)), date(2026, 11, 27))
            outcome = "Đã hoàn thành theo kế hoạch" if status == "done" else None
        lead, *partners = rng.sample(codes, rng.randrange(1, 4))
        tasks.append(
            {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "title": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} số {number + 1}",
                "description": "",
                "lead": lead,
                "partners": partners,
                "meeting": None,
                "area": rng.choice(AREAS),
                "due": due.isoformat() if due else None,
                "status": status,
                "closed_on": closed_on.isoformat() if closed_on else None,
                "outcome": outcome,
                "created": created.isoformat(),
                "history": [
                    {"on": (created + timedelta(days=7)).isoformat(), "text": "Đã giao nhiệm vụ"}
                ],
            }
        )
    return {"format": "coop-tracker", "version": 1, "agencies": agencies, "tasks": tasks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    args.output.write_text(json.dumps(generate(args.count), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
