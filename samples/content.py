"""Vietnamese names, places, numbers and phrases that fill the sample documents."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from ocr.fields.provinces import PROVINCE_CODES

FAMILY = [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Trần",
    "Lê",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Đoàn",
    "Lâm",
    "Mai",
    "Trương",
    "Tạ",
    "Lương",
    "Hà",
    "Cao",
    "Quách",
    "Châu",
    "Thái",
    "Kiều",
    "Âu",
    "Tô",
    "Vương",
    "Thạch",
    "Lạc",
    "Khúc",
    "Diệp",
    "Triệu",
]
MIDDLE_MALE = [
    "Văn",
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quốc",
    "Công",
    "Thành",
    "Xuân",
    "Ngọc",
    "Gia",
    "Anh",
    "Trọng",
    "Thế",
    "Duy",
    "Quang",
    "Tiến",
    "Bảo",
    "Đình",
    "Khắc",
]
MIDDLE_FEMALE = [
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Mỹ",
    "Kim",
    "Phương",
    "Thùy",
    "Bảo",
    "Hồng",
    "Diệu",
    "Khánh",
    "Quỳnh",
    "Tường",
    "Ánh",
    "Huyền",
    "Như",
    "Bích",
]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Long",
    "Lộc",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Thịnh",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vũ",
    "Tài",
    "Đông",
    "Kiên",
    "Lực",
    "Thiện",
    "Hưng",
    "Đức",
    "Tùng",
    "Khải",
    "Nhân",
    "Lâm",
    "Hậu",
    "Phước",
    "Trí",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Diệp",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Trâm",
    "Tuyết",
    "Uyên",
    "Vân",
    "Yến",
    "Xuân",
    "Ánh",
    "Ý",
    "Nguyệt",
    "Khuê",
    "Nhi",
    "Thư",
    "Vy",
    "Hậu",
    "Duyên",
    "My",
    "Trinh",
    "Quế",
]
ETHNIC = ["Kinh"] * 12 + ["Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Ê Đê", "Chăm"]

# Province (before the 2025 merger) -> province it belongs to since 1 July 2025 (34 units).
MERGED_INTO: dict[str, str] = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Phú Yên": "Đắk Lắk",
    "Bình Dương": "Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Tiền Giang": "Đồng Tháp",
    "Bạc Liêu": "Cà Mau",
    "Kiên Giang": "An Giang",
    "Thừa Thiên Huế": "Huế",
}
PROVINCES_2025: list[str] = sorted({MERGED_INTO.get(p, p) for p in PROVINCE_CODES.values()})
CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Thừa Thiên Huế"}

# A few real districts per province; other provinces draw from the common names below.
DISTRICTS: dict[str, list[str]] = {
    "Hà Nội": ["quận Ba Đình", "quận Hoàn Kiếm", "quận Cầu Giấy", "huyện Đông Anh", "quận Hà Đông"],
    "Hồ Chí Minh": ["Quận 1", "Quận 3", "quận Bình Thạnh", "quận Gò Vấp", "thành phố Thủ Đức"],
    "Đồng Tháp": ["thành phố Cao Lãnh", "thành phố Sa Đéc", "huyện Lấp Vò", "huyện Tháp Mười"],
    "Nghệ An": ["thành phố Vinh", "huyện Diễn Châu", "huyện Quỳnh Lưu", "thị xã Cửa Lò"],
    "Thanh Hóa": ["thành phố Thanh Hóa", "huyện Hoằng Hóa", "thị xã Bỉm Sơn", "huyện Tĩnh Gia"],
    "Đà Nẵng": ["quận Hải Châu", "quận Sơn Trà", "quận Liên Chiểu", "huyện Hòa Vang"],
    "Cần Thơ": ["quận Ninh Kiều", "quận Cái Răng", "huyện Phong Điền", "quận Bình Thủy"],
    "Hải Phòng": ["quận Lê Chân", "quận Ngô Quyền", "huyện Thủy Nguyên", "quận Kiến An"],
    "An Giang": ["thành phố Long Xuyên", "thành phố Châu Đốc", "huyện Chợ Mới", "huyện Tri Tôn"],
    "Quảng Ninh": ["thành phố Hạ Long", "thành phố Cẩm Phả", "thành phố Móng Cái", "huyện Vân Đồn"],
    "Lâm Đồng": ["thành phố Đà Lạt", "thành phố Bảo Lộc", "huyện Đức Trọng", "huyện Di Linh"],
    "Đắk Lắk": ["thành phố Buôn Ma Thuột", "huyện Krông Pắc", "huyện Cư M'gar", "thị xã Buôn Hồ"],
}
COMMON_DISTRICTS = [
    "huyện Châu Thành",
    "huyện Phú Tân",
    "huyện Tân Phú",
    "huyện Bình Sơn",
    "huyện Yên Lạc",
    "huyện Thạch Thất",
    "thị xã Phú Mỹ",
    "huyện Hòa Thành",
    "huyện Đức Hòa",
    "huyện Mỏ Cày Nam",
    "huyện Gia Lộc",
    "huyện Hải Hậu",
    "huyện Thọ Xuân",
    "huyện Quảng Điền",
    "huyện Điện Bàn",
    "huyện Tuy Phước",
    "huyện Hàm Thuận Bắc",
    "huyện Long Thành",
    "huyện Cái Nước",
]
COMMUNES = [
    "xã Tân Phú",
    "xã Mỹ An",
    "xã Bình Thạnh",
    "xã Hòa Bình",
    "xã An Nhơn",
    "xã Phú Lộc",
    "xã Tân Hội",
    "xã Long Hưng",
    "xã Thạnh Lợi",
    "xã Vĩnh Thạnh",
    "xã Đông Hòa",
    "xã Yên Sở",
    "xã Quảng Phú",
    "xã Nghĩa Trung",
    "xã Hưng Đạo",
    "xã Tiên Phong",
    "xã Đại Đồng",
    "phường 1",
    "phường 3",
    "phường Hòa Thuận",
    "phường Tân An",
    "phường Mỹ Phú",
    "phường An Hòa",
    "phường Trường Thi",
    "phường Đống Đa",
    "phường Bến Thành",
    "thị trấn Mỹ Thọ",
    "thị trấn Lai Vung",
    "thị trấn Phú Mỹ",
]
STREETS = [
    "Nguyễn Huệ",
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Quang Trung",
    "Hùng Vương",
    "Phan Chu Trinh",
    "Nguyễn Trãi",
    "Lê Duẩn",
    "Điện Biên Phủ",
    "30 Tháng 4",
    "Cách Mạng Tháng Tám",
    "Võ Văn Kiệt",
    "Nguyễn Văn Cừ",
    "Trần Phú",
    "Nguyễn Thị Minh Khai",
    "Phạm Văn Đồng",
    "Lê Thánh Tông",
    "Ngô Quyền",
    "Bà Triệu",
    "Nguyễn Du",
    "Tôn Đức Thắng",
    "Hoàng Diệu",
    "Nguyễn Đình Chiểu",
    "Lạc Long Quân",
    "Âu Cơ",
    "Trường Chinh",
    "Đinh Tiên Hoàng",
]
HAMLETS = [
    "ấp Tân Thuận",
    "ấp 3",
    "thôn Đông",
    "thôn Phú Xuân",
    "xóm 5",
    "tổ 12",
    "khóm 2",
    "ấp Mỹ Hòa",
    "thôn Trung Hậu",
    "bản Na Hối",
    "tổ dân phố 7",
    "khu phố 4",
]

COMPANY_WORDS = [
    "Phú Thành",
    "Minh Phát",
    "Hưng Thịnh",
    "An Khang",
    "Việt Tiến",
    "Sao Mai",
    "Hoàng Long",
    "Tân Thành Đạt",
    "Thiên Phúc",
    "Bình Minh",
    "Đại Dương",
    "Trường Sơn",
    "Kim Ngân",
    "Nam Việt",
    "Hồng Hà",
    "Cửu Long",
    "Phương Nam",
    "Ánh Dương",
    "Đông Á",
    "Mê Kông",
    "Sông Hàn",
]
COMPANY_TRADES = [
    "THƯƠNG MẠI DỊCH VỤ",
    "XÂY DỰNG",
    "VẬN TẢI",
    "CÔNG NGHỆ",
    "SẢN XUẤT VÀ THƯƠNG MẠI",
    "NÔNG SẢN",
    "THỰC PHẨM",
    "TƯ VẤN ĐẦU TƯ",
    "DU LỊCH",
    "CƠ KHÍ",
    "THỦY SẢN",
    "ĐIỆN TỬ",
]
COMPANY_FORMS = [
    ("CÔNG TY TNHH", "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN", "COMPANY LIMITED"),
    ("CÔNG TY TNHH", "CÔNG TY TRÁCH NHIỆM HỮU HẠN HAI THÀNH VIÊN TRỞ LÊN", "COMPANY LIMITED"),
    ("CÔNG TY CỔ PHẦN", "CÔNG TY CỔ PHẦN", "JOINT STOCK COMPANY"),
]
MOBILE_PREFIXES = [
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "086",
    "096",
    "097",
    "098",
    "070",
    "076",
    "077",
    "078",
    "079",
    "089",
    "090",
    "093",
    "081",
    "082",
    "083",
    "084",
    "085",
    "088",
    "091",
    "094",
    "056",
    "058",
    "059",
    "087",
]
LAND_PURPOSES = [
    "Đất ở tại nông thôn",
    "Đất ở tại đô thị",
    "Đất trồng lúa",
    "Đất trồng cây lâu năm",
    "Đất trồng cây hằng năm khác",
    "Đất nuôi trồng thủy sản",
    "Đất rừng sản xuất",
]
PROCEDURES = [
    "Đăng ký thường trú",
    "Đăng ký tạm trú",
    "Cấp bản sao trích lục hộ tịch",
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Cấp Phiếu lý lịch tư pháp",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký biến động quyền sử dụng đất",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký thành lập hộ kinh doanh",
    "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
    "Xác nhận tình trạng hôn nhân",
    "Hỗ trợ chi phí mai táng",
    "Cấp lại Giấy phép lái xe",
]


@dataclass(frozen=True)
class Person:
    """One citizen: name, sex, birth, ID number, home places."""

    name: str  # "Nguyễn Văn An" (title case)
    male: bool
    birth: dt.date
    id_number: str
    province: str  # province of the ID code (birth registration)
    origin: str  # quê quán, printed
    residence: str  # nơi thường trú, printed

    @property
    def upper(self) -> str:
        return self.name.upper()

    @property
    def gender(self) -> str:
        return "Nam" if self.male else "Nữ"


def ascii_fold(text: str) -> str:
    """ "Đặng Thị Ánh" -> "Dang Thi Anh" (for e-mail addresses and foreign names)."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def person_name(rng: random.Random, male: bool) -> str:
    middle = rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)
    given = rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
    if rng.random() < 0.15:
        middle = f"{middle} {rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)}"
        if middle.split()[0] == middle.split()[1]:
            middle = middle.split()[0]
    return f"{rng.choice(FAMILY)} {middle} {given}"


def citizen_id(rng: random.Random, code: str, birth: dt.date, male: bool) -> str:
    """12 digits: province code, century/sex digit, 2-digit birth year, 6 random digits."""
    century = (birth.year // 100) - 19  # 0 for 1900s, 1 for 2000s
    digit = century * 2 + (0 if male else 1)
    return f"{code}{digit}{birth.year % 100:02d}{rng.randrange(10**6):06d}"


def date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def unit_name(province: str) -> str:
    return f"thành phố {province}" if province in CITIES else f"tỉnh {province}"


def address(rng: random.Random, province: str, *, street: bool | None = None) -> str:
    """A printed address; after the 2025 merger addresses have no district level."""
    new = rng.random() < 0.5
    if new:
        province = MERGED_INTO.get(province, province)
    commune = rng.choice(COMMUNES)
    parts: list[str] = []
    if street is None:
        street = rng.random() < 0.55
    if street:
        parts.append(f"Số {rng.randint(1, 350)} đường {rng.choice(STREETS)}")
    else:
        parts.append(rng.choice(HAMLETS))
    parts.append(commune)
    if not new:
        parts.append(rng.choice(DISTRICTS.get(province, COMMON_DISTRICTS)))
    parts.append(unit_name(province))
    return ", ".join(parts)


def place(rng: random.Random, province: str) -> str:
    """A commune-level place without street (quê quán, nơi sinh)."""
    parts = [rng.choice(COMMUNES)]
    if rng.random() < 0.6:
        parts.append(rng.choice(DISTRICTS.get(province, COMMON_DISTRICTS)))
    parts.append(unit_name(province))
    return ", ".join(parts)


def person(rng: random.Random, *, born_after: int = 1950, born_before: int = 2007) -> Person:
    male = rng.random() < 0.5
    birth = date_between(rng, dt.date(born_after, 1, 1), dt.date(born_before, 12, 31))
    code = rng.choice(sorted(PROVINCE_CODES))
    province = PROVINCE_CODES[code]
    # home places agree with the ID's province most of the time, not always
    home = province if rng.random() < 0.6 else rng.choice(sorted(PROVINCE_CODES.values()))
    return Person(
        name=person_name(rng, male),
        male=male,
        birth=birth,
        id_number=citizen_id(rng, code, birth, male),
        province=province,
        origin=place(rng, province if rng.random() < 0.7 else home),
        residence=address(rng, home),
    )


def phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"


def enterprise_code(rng: random.Random) -> str:
    code = f"0{rng.randint(1, 6)}{rng.randrange(10**8):08d}"
    return code + "-001" if rng.random() < 0.15 else code


def enterprise_name(rng: random.Random) -> tuple[str, str, str]:
    """(printed Vietnamese name, company type line, foreign name)."""
    short, kind, suffix = rng.choice(COMPANY_FORMS)
    word = rng.choice(COMPANY_WORDS)
    trade = rng.choice(COMPANY_TRADES)
    name = f"{short} {trade} {word.upper()}"
    ascii_word = ascii_fold(word).upper()
    return name, kind, f"{ascii_word} {suffix}"


def vn_date_words(d: dt.date) -> str:
    """ "ngày 05 tháng 02 năm 2025": day < 10 and months 1-2 get a leading zero."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def area_text(rng: random.Random) -> tuple[str, str]:
    """(printed "125,5 m²", ground truth "125.5")."""
    whole = rng.choice([rng.randint(40, 400), rng.randint(400, 5000)])
    tenth = rng.choice([0, 0, rng.randint(1, 9)])
    if tenth:
        return f"{whole:,}".replace(",", ".") + f",{tenth} m²", f"{whole}.{tenth}"
    return f"{whole:,}".replace(",", ".") + " m²", f"{whole}"
