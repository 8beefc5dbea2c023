"""Giấy chứng nhận đăng ký doanh nghiệp (business registration certificate)."""

from __future__ import annotations

from ocr.fields.spec import DocSpec, FieldSpec, labels

SPEC = DocSpec(
    doc_type="business_registration",
    titles=labels(
        "Giấy chứng nhận đăng ký doanh nghiệp",
        "Giấy chứng nhận đăng ký kinh doanh",
        "Giấy chứng nhận đăng ký hoạt động chi nhánh",
    ),
    cues=labels(
        "Mã số doanh nghiệp",
        "Đăng ký lần đầu",
        "Vốn điều lệ",
        "Phòng Đăng ký kinh doanh",
        "Người đại diện theo pháp luật",
        "Địa chỉ trụ sở chính",
        "Tên công ty",
        "Tên doanh nghiệp",
    ),
    fields=(
        FieldSpec(
            "enterprise_name",
            labels(
                "Tên công ty viết bằng tiếng Việt",
                "Tên doanh nghiệp viết bằng tiếng Việt",
                "Tên công ty",
                "Tên doanh nghiệp",
            ),
            kind="name",
            wrap="full",
            not_followed_by=labels("viết tắt", "viết bằng tiếng nước ngoài"),
        ),
        FieldSpec(
            "enterprise_code",
            labels("Mã số doanh nghiệp", "Mã số chi nhánh", "Mã số thuế", "Mã số"),
            kind="enterprise_code",
            pattern=r"\d",
        ),
        FieldSpec(
            "address", labels("Địa chỉ trụ sở chính", "Địa chỉ trụ sở", "Địa chỉ"), wrap="full"
        ),
        FieldSpec(
            "legal_representative",
            labels("Họ và tên", "Họ, chữ đệm và tên", "Họ tên"),
            kind="person",
            after=labels("Người đại diện theo pháp luật", "Người đại diện"),
        ),
        FieldSpec(
            "registration_date",
            labels("Đăng ký lần đầu", "Ngày đăng ký lần đầu", "Ngày cấp lần đầu"),
            kind="date",
            pattern=r"\d",
        ),
    ),
    required=("enterprise_code", "enterprise_name"),
    stops=labels(
        "Giới tính",
        "Chức danh",
        "Sinh ngày",
        "Ngày sinh",
        "Dân tộc",
        "Quốc tịch",
        "Điện thoại",
        "Fax",
        "Email",
        "Website",
        "Vốn điều lệ",
        "Đăng ký thay đổi",
        "Tên công ty viết bằng tiếng nước ngoài",
        "Tên công ty viết tắt",
    ),
)
