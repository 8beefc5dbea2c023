"""Giấy chứng nhận quyền sử dụng đất (land use right certificate): holder and parcel."""

from __future__ import annotations

from ocr.fields.spec import DocSpec, FieldSpec, labels

PARCEL = labels("Thửa đất", "Thửa đất, nhà ở và tài sản khác gắn liền với đất")

SPEC = DocSpec(
    doc_type="land_use_certificate",
    titles=labels(
        "Giấy chứng nhận quyền sử dụng đất",
        "Quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
    ),
    cues=labels(
        "Thửa đất số",
        "Tờ bản đồ số",
        "Diện tích",
        "Mục đích sử dụng",
        "Thời hạn sử dụng",
        "Nguồn gốc sử dụng",
        "Hình thức sử dụng",
        "Người sử dụng đất",
    ),
    fields=(
        FieldSpec(
            "holder_name",
            labels("Họ và tên", "Họ, chữ đệm và tên", "Họ tên", "Ông", "Bà", "Hộ ông", "Hộ bà"),
            kind="person",
            where="same_line",
            line_start=True,
            not_followed_by=labels("sinh", "và", "người"),
        ),
        FieldSpec(
            "id_number",
            labels(
                "CCCD số",
                "Số CCCD",
                "Căn cước công dân số",
                "Số định danh cá nhân",
                "Số căn cước",
                "CMND số",
                "Số CMND",
            ),
            kind="citizen_id",
            pattern=r"\d",
        ),
        FieldSpec("parcel_number", labels("Thửa đất số"), kind="number", pattern=r"\d"),
        FieldSpec("map_sheet_number", labels("Tờ bản đồ số"), kind="number", pattern=r"\d"),
        FieldSpec("area_m2", labels("Diện tích"), kind="area", pattern=r"\d"),
        FieldSpec(
            "address",
            labels("Địa chỉ"),
            wrap="full",
            after=PARCEL,
            not_followed_by=labels("thường trú"),
        ),
        FieldSpec("land_use_purpose", labels("Mục đích sử dụng"), wrap="full"),
    ),
    required=("parcel_number", "map_sheet_number"),
    stops=labels(
        "Năm sinh",
        "Nơi thường trú",
        "Số định danh cá nhân",
        "sinh năm",
        "Hình thức sử dụng",
        "Thời hạn sử dụng",
        "Nguồn gốc sử dụng",
        "Địa chỉ thường trú",
        "Bằng chữ",
    ),
)
