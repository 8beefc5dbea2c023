"""Search benchmark: 1,000,000 synthetic catalog rows in PostgreSQL, p50/p95 search latency.

    .venv/bin/python -m benchmarks.search [--url postgresql://postgres@127.0.0.1:5432/postgres]
                                          [--rows 1000000] [--queries 200] [--keep]

Creates a fresh database sohoa_bench_<random> on the server of --url (dropped at the end unless
--keep), migrates it with the real catalog migrations, loads synthetic Vietnamese documents with
COPY (diacritic-folded search words built exactly as the catalog builds them), recreates the
indexes, then times PostgresCatalog.search end to end (count + page + snippets) for: words with
diacritics, the same words without, an owner ID, and words with filters (type + date range).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from storage.catalog import DocumentRecord, SearchQuery, fold_number, search_content
from storage.postgres import TAGS_SQL, PostgresCatalog
from storage.text import fold


def _split(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


PROVINCES = _split(
    "Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|An Giang|Bà Rịa Vũng Tàu|Bắc Giang|Bắc Kạn|"
    "Bạc Liêu|Bắc Ninh|Bến Tre|Bình Định|Bình Dương|Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Đắk Lắk|"
    "Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|Hà Nam|Hà Tĩnh|Hải Dương|Hậu Giang|"
    "Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An|"
    "Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|Quảng Bình|Quảng Nam|Quảng Ngãi|"
    "Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|Thanh Hóa|"
    "Thừa Thiên Huế|Tiền Giang|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái",
    sep="|",
)
SURNAMES = _split("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
MIDDLE = _split("Văn Thị Hữu Đức Minh Thanh Ngọc Quốc Xuân Thu Kim Công")
GIVEN = _split(
    "An Bình Châu Dũng Giang Hà Hải Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Nam Nga Nhung "
    "Phong Phúc Quân Sơn Tâm Thảo Thắng Trang Trung Tuấn Vân Việt Yến"
)
# words every administrative paper uses, most frequent first (Zipf-like weights below)
COMMON = _split(
    "của và theo về việc cấp số ngày tháng năm ủy ban nhân dân tỉnh huyện xã phường "
    "công dân đăng ký địa chỉ căn cứ luật nghị định thông tư hướng dẫn thi hành "
    "các ông bà có tên chịu trách nhiệm này kể từ ký nơi nhận lưu chủ tịch phó "
    "đóng dấu bản sao chứng thực từ bản chính người đại diện theo pháp luật "
    "đường ấp khu phố tổ thôn bản làng quận thị xã thành phố trung ương "
    "cộng hòa xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc"
)
# words of one kind of paper (a land certificate rarely speaks of marriage)
TOPICS = {
    "citizen_id_card": "căn cước công dân quốc tịch quê quán nơi thường trú đặc điểm nhận dạng "
    "có giá trị đến họ và tên giới tính nam nữ ngày sinh cục cảnh sát quản lý hành chính "
    "về trật tự xã hội",
    "birth_certificate": "giấy khai sinh trích lục hộ tịch nơi sinh dân tộc kinh cha mẹ "
    "người đi khai sinh quan hệ với người được khai sinh sổ đăng ký khai sinh bệnh viện "
    "trạm y tế",
    "decision": "quyết định xét đề nghị trưởng phòng tài nguyên môi trường kinh tế hạ tầng "
    "giấy phép xây dựng công trình nhà ở riêng lẻ tư pháp nội vụ chánh văn phòng "
    "khen thưởng kỷ luật thu hồi đất bồi thường hỗ trợ tái định cư",
    "land_use_certificate": "giấy chứng nhận quyền sử dụng đất quyền sở hữu nhà ở tài sản "
    "khác gắn liền với đất thửa đất tờ bản đồ diện tích hình thức sử dụng riêng chung "
    "mục đích thời hạn lâu dài nguồn gốc nhà nước giao đất công nhận",
    "business_registration": "giấy chứng nhận đăng ký doanh nghiệp công ty trách nhiệm "
    "hữu hạn cổ phần mã số doanh nghiệp thuế vốn điều lệ ngành nghề kinh doanh trụ sở "
    "chính phòng đăng ký kinh doanh sở kế hoạch đầu tư",
    "application_form": "tờ khai đơn đề nghị kính gửi tôi là người yêu cầu cam đoan "
    "những nội dung khai trên đây là đúng sự thật xác nhận tình trạng hôn nhân cư trú "
    "chuyển đến chuyển đi bảo hiểm xã hội trợ cấp",
    "other": "biên bản thông báo công văn báo cáo kế hoạch tờ trình hợp đồng lao động "
    "bằng tốt nghiệp trung học phổ thông học sinh sinh viên hộ nghèo cận nghèo "
    "người có công thương binh liệt sĩ",
}
DOC_TYPES = (
    "citizen_id_card",
    "birth_certificate",
    "decision",
    "land_use_certificate",
    "business_registration",
    "application_form",
    "other",
)
NOTATIONS = ("QĐ-UBND", "GP-UBND", "TB-UBND", "GCN-STNMT", "ĐKKD", "TL-UBND", "XN-CA")
COLUMNS = (
    "document_id, version, latest, sha256, original_key, prefix, created_at, filename, pages,"
    " doc_type, fields, owner_id, document_number, number_folded, issue_date, procedure,"
    " dossier_id, receiving_office, role, text, confidence, needs_review, review_reasons,"
    " signature_level, signed_at, pipeline_version"
)


class Generator:
    """Deterministic synthetic documents; the folded words come from precomputed folds."""

    def __init__(self, seed: int, rows: int) -> None:
        self.rng = random.Random(seed)
        self.common = COMMON
        self.common_weights = list(
            _accumulate([1.0 / (rank + 1) ** 0.8 for rank in range(len(COMMON))])
        )
        self.topics = {t: _split(words) for t, words in TOPICS.items()}
        owners = max(1000, rows // 5)
        self.owners = [
            f"0{self.rng.randrange(1, 97):02d}{self.rng.randrange(10**9):09d}"
            for _ in range(owners)
        ]
        self.procedures = [f"1.{self.rng.randrange(10**6):06d}" for _ in range(300)]
        self.offices = [
            f"UBND phường {self.rng.choice(GIVEN)} {self.rng.choice(PROVINCES)}" for _ in range(100)
        ]
        self.start = datetime(2015, 1, 1, tzinfo=UTC)

    def name(self) -> str:
        r = self.rng
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def row(self, n: int) -> tuple[DocumentRecord, str]:
        r = self.rng
        doc_type = r.choice(DOC_TYPES)
        common = r.choices(self.common, cum_weights=self.common_weights, k=r.randrange(30, 80))
        # a topic's words come in runs, as phrases do ("giấy phép xây dựng")
        topic = self.topics[doc_type]
        original = list(common)
        for _ in range(r.randrange(3, 8)):
            at = r.randrange(len(topic))
            run = topic[at : at + r.randrange(2, 6)]
            spot = r.randrange(len(original) + 1)
            original[spot:spot] = run
        province = r.choice(PROVINCES)
        person = self.name()
        spot = r.randrange(len(original) + 1)
        original[spot:spot] = ["tỉnh", *province.split(), "ông/bà", *person.split()]
        text = " ".join(original)
        created = self.start + timedelta(seconds=r.randrange(10 * 365 * 86400))
        issued = (created.date() - timedelta(days=r.randrange(0, 3000))).isoformat()
        sha = f"{n:064x}"
        record = DocumentRecord(
            document_id=f"b{n:011d}",
            version=1,
            sha256=sha,
            original_key=f"originals/sha256/{sha[:2]}/{sha}.pdf",
            prefix=f"documents/{created:%Y}/{created:%m}/b{n:011d}/v1/",
            created_at=created,
            filename=f"scan-{n}.pdf",
            pages=r.randrange(1, 6),
            doc_type=doc_type,
            fields={"full_name": person},
            owner_id=r.choice(self.owners),
            document_number=f"{r.randrange(1, 5000)}/{r.choice(NOTATIONS)}",
            issue_date=issued,
            procedure=r.choice(self.procedures),
            dossier_id=f"HS-{n:08d}",
            receiving_office=r.choice(self.offices),
            role="submitted",
            text=text,
            confidence=round(r.uniform(60, 99), 1),
            needs_review=r.random() < 0.05,
            review_reasons={},
            signature_level="B-T",
            signed_at=created,
            pipeline_version="bench",
        )
        return record, search_content(record)


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _copy_line(record: DocumentRecord, content: str) -> str:
    r = record
    fields = [
        r.document_id,
        "1",
        "t",
        r.sha256,
        r.original_key,
        r.prefix,
        r.created_at.isoformat(),
        r.filename,
        str(r.pages),
        r.doc_type,
        json.dumps(r.fields, ensure_ascii=False),
        r.owner_id or "",
        r.document_number or "",
        fold_number(r.document_number or ""),
        r.issue_date or "",
        r.procedure or "",
        r.dossier_id or "",
        r.receiving_office or "",
        r.role,
        r.text,
        str(r.confidence),
        "t" if r.needs_review else "f",
        "{}",
        r.signature_level or "",
        r.signed_at.isoformat() if r.signed_at else "",
        r.pipeline_version,
        content,
    ]
    return "\t".join(fields) + "\n"


def load(url: str, rows: int, seed: int) -> Generator:
    catalog = PostgresCatalog(url)
    catalog.migrate()
    catalog.close()
    gen = Generator(seed, rows)
    with psycopg.connect(url, autocommit=True) as conn:
        indexes = [
            row[0]
            for row in conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'documents'"
                " AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%_key'"
            )
        ]
        for (name,) in conn.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'documents'"
            " AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE '%_key'"
        ).fetchall():
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute(
            "CREATE UNLOGGED TABLE bench_stage AS SELECT"
            f" {COLUMNS}, ''::text AS content FROM documents WITH NO DATA"
        )
        started = time.perf_counter()
        with conn.cursor().copy(f"COPY bench_stage ({COLUMNS}, content) FROM STDIN") as copy:
            buffer: list[str] = []
            for n in range(1, rows + 1):
                buffer.append(_copy_line(*gen.row(n)))
                if len(buffer) == 5000:
                    copy.write("".join(buffer))
                    buffer = []
                    if n % 100_000 == 0:
                        _say(
                            f"  generated and copied {n:,} rows ({time.perf_counter() - started:.0f} s)"
                        )
            if buffer:
                copy.write("".join(buffer))
        _say(f"  COPY done in {time.perf_counter() - started:.0f} s")
        t = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute(
            f"INSERT INTO documents ({COLUMNS}, tsv) SELECT {COLUMNS},"
            f" to_tsvector('simple', content) || {TAGS_SQL} FROM bench_stage"
        )
        conn.execute("DROP TABLE bench_stage")
        _say(f"  documents + tsvector in {time.perf_counter() - t:.0f} s")
        t = time.perf_counter()
        for definition in indexes:
            conn.execute(definition)
        conn.execute("VACUUM ANALYZE documents")
        _say(f"  indexes + vacuum analyze in {time.perf_counter() - t:.0f} s")
    return gen


def measure(run: Callable[[], Any], count: int) -> tuple[float, float, float]:
    times = []
    for _ in range(3):
        run()  # warm the caches a little, as a running server would be
    for _ in range(count):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, max(times)


def _runner(
    catalog: PostgresCatalog, queries: list[SearchQuery], hits: list[int]
) -> Callable[[], None]:
    it = iter(queries)

    def run() -> None:
        hits.append(catalog.search(next(it)).total)

    return run


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database.")
    parser.add_argument("--database", help="Reuse this already loaded database (skip loading).")
    args = parser.parse_args()

    admin = args.url
    name = args.database or f"sohoa_bench_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(admin)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    if not args.database:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        if args.database:
            gen = Generator(args.seed, args.rows)
        else:
            _say(f"loading {args.rows:,} rows into {name} ...")
            t = time.perf_counter()
            gen = load(url, args.rows, args.seed)
            _say(f"loaded in {time.perf_counter() - t:.0f} s")
        report(url, gen, args.queries, args.seed)
    finally:
        if not args.keep and not args.database:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        elif args.keep:
            _say(f"kept database {name}")


def report(url: str, gen: Generator, count: int, seed: int) -> None:
    rng = random.Random(seed + 1)
    catalog = PostgresCatalog(url)
    with psycopg.connect(url) as conn:
        total_rows = conn.execute("SELECT count(*) FROM documents").fetchone()
        size = conn.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()
    phrases = (
        [f"{p}" for p in PROVINCES]
        + [
            "giấy phép xây dựng",
            "quyền sử dụng đất",
            "đăng ký kết hôn",
            "trích lục khai sinh",
        ]
        + [f"{gen.rng.choice(SURNAMES)} {gen.rng.choice(GIVEN)}" for _ in range(20)]
    )

    def words() -> SearchQuery:
        return SearchQuery(text=rng.choice(phrases))

    def folded() -> SearchQuery:
        return SearchQuery(text=fold(rng.choice(phrases)))

    def owner() -> SearchQuery:
        return SearchQuery(owner_id=rng.choice(gen.owners))

    def owner_text() -> SearchQuery:
        return SearchQuery(text=rng.choice(gen.owners))

    def filtered() -> SearchQuery:
        year = rng.randrange(2010, 2025)
        return SearchQuery(
            text=fold(rng.choice(phrases)),
            doc_type=rng.choice(DOC_TYPES),
            date_from=date(year, 1, 1).isoformat(),
            date_to=date(year, 12, 31).isoformat(),
        )

    def common() -> SearchQuery:
        return SearchQuery(text=rng.choice(["ủy ban nhân dân", "cong hoa xa hoi chu nghia"]))

    kinds: list[tuple[str, Callable[[], SearchQuery], str]] = [
        ("word (with diacritics)", words, '"Đồng Tháp", "giấy phép xây dựng", a name'),
        ("diacritic-free", folded, '"dong thap", "giay phep xay dung"'),
        ("owner ID (filter)", owner, "owner_id = 12-digit ID"),
        ("owner ID (as words)", owner_text, "the ID typed in the search box"),
        ("filtered", filtered, "words + type + one year of issue dates"),
        ("very common words", common, '"ủy ban nhân dân" (in nearly every paper)'),
    ]
    print(
        f"\nPostgreSQL search latency, {total_rows[0] if total_rows else 0:,} rows "
        f"({size[0] if size else '?'}), {count} queries each, end to end through "
        "PostgresCatalog.search (capped count + page of 20 + snippets)\n"
    )
    print("| query | p50 ms | p95 ms | max ms | mean total (capped at 1,000) | example |")
    print("|---|---:|---:|---:|---:|---|")
    for label, make, example in kinds:
        queries = [make() for _ in range(count + 3)]
        hits: list[int] = []
        p50, p95, worst = measure(_runner(catalog, queries, hits), count)
        mean_hits = statistics.mean(hits) if hits else 0
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {mean_hits:,.0f} | {example} |")
    catalog.close()


if __name__ == "__main__":
    main()
