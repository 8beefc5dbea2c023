"""Sentences of Vietnamese administrative prose: legal bases, subjects, articles, fillers."""

from __future__ import annotations

import random

LEGAL_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;",
    "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
    "Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014;",
    "Căn cứ Luật Doanh nghiệp ngày 17 tháng 6 năm 2020;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Luật Cán bộ, công chức ngày 13 tháng 11 năm 2008;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực hiện thủ tục hành chính trên môi trường điện tử;",
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;",
    "Căn cứ Nghị định số 101/2024/NĐ-CP ngày 29 tháng 7 năm 2024 của Chính phủ quy định về điều tra cơ bản đất đai, đăng ký, cấp Giấy chứng nhận quyền sử dụng đất;",
]

SUBJECTS = [
    "cấp Giấy chứng nhận quyền sử dụng đất cho hộ gia đình, cá nhân tại {commune}",
    "phê duyệt Kế hoạch cải cách hành chính năm {year}",
    "thành lập Tổ công tác số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "bổ nhiệm {title} {name} giữ chức vụ Phó Trưởng phòng Tư pháp",
    "giao đất cho {title} {name} để làm nhà ở",
    "công nhận xã {commune_short} đạt chuẩn nông thôn mới năm {year}",
    "ban hành Quy chế tiếp nhận, giải quyết thủ tục hành chính tại Bộ phận Một cửa",
    "phê duyệt danh sách hộ nghèo, hộ cận nghèo năm {year}",
    "khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua năm {year}",
    "thu hồi đất để thực hiện dự án nâng cấp, mở rộng đường giao thông nông thôn",
    "phê duyệt danh mục thủ tục hành chính được tiếp nhận hồ sơ trực tuyến toàn trình",
    "điều chỉnh giá đất cụ thể để tính tiền bồi thường khi Nhà nước thu hồi đất",
    "cho phép {title} {name} chuyển mục đích sử dụng đất",
]

FILLERS = [
    "Giao Văn phòng Ủy ban nhân dân chủ trì, phối hợp với các cơ quan, đơn vị có liên quan tổ chức triển khai thực hiện, kiểm tra, đôn đốc và báo cáo kết quả theo quy định.",
    "Các cơ quan, đơn vị có trách nhiệm rà soát, cập nhật, công khai đầy đủ, kịp thời thủ tục hành chính trên Cổng Dịch vụ công quốc gia và Hệ thống thông tin giải quyết thủ tục hành chính.",
    "Việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính được thực hiện đồng thời với quá trình tiếp nhận, bảo đảm tính chính xác, đầy đủ và giá trị pháp lý của bản điện tử.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn kinh phí hợp pháp khác.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời phản ánh về Sở Nội vụ để tổng hợp, báo cáo cấp có thẩm quyền xem xét, giải quyết.",
    "Người sử dụng đất có trách nhiệm sử dụng đất đúng mục đích, đúng ranh giới thửa đất, thực hiện đầy đủ nghĩa vụ tài chính theo quy định của pháp luật.",
    "Thời gian thực hiện từ ngày ký đến hết ngày 31 tháng 12 năm {year}; định kỳ hằng quý báo cáo kết quả về Ủy ban nhân dân để theo dõi, chỉ đạo.",
    "Các tổ chức, cá nhân có liên quan phối hợp chặt chẽ, bảo đảm công khai, minh bạch, đúng quy trình, không để xảy ra sai sót, khiếu nại kéo dài.",
    "Phòng Tài nguyên và Môi trường có trách nhiệm chỉnh lý hồ sơ địa chính, cập nhật cơ sở dữ liệu đất đai và trao Giấy chứng nhận cho người được cấp.",
    "Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ; các thành viên làm việc theo chế độ kiêm nhiệm.",
]

RECIPIENTS = [
    "- Như Điều 3;",
    "- Thường trực Tỉnh ủy;",
    "- Thường trực HĐND tỉnh;",
    "- CT, các PCT UBND tỉnh;",
    "- Sở Nội vụ;",
    "- Sở Tài chính;",
    "- Sở Tư pháp;",
    "- Cổng thông tin điện tử tỉnh;",
    "- UBND các xã, phường;",
    "- Phòng Tư pháp;",
    "- Lưu: VT.",
]

NOTICE_TITLES = [
    ("THÔNG BÁO", "TB", "lịch tiếp công dân định kỳ tháng {month} năm {year}"),
    ("THÔNG BÁO", "TB", "kết luận của Chủ tịch Ủy ban nhân dân tại cuộc họp giao ban"),
    ("GIẤY MỜI", "GM", "dự hội nghị triển khai chuyển đổi số năm {year}"),
    ("KẾ HOẠCH", "KH", "tuyên truyền, phổ biến giáo dục pháp luật năm {year}"),
    ("BÁO CÁO", "BC", "kết quả giải quyết thủ tục hành chính quý {quarter} năm {year}"),
]

MINUTES_LINES = [
    "Thời gian: Vào lúc 08 giờ 00 phút, ngày {date}.",
    "Địa điểm: Hội trường Ủy ban nhân dân {commune}.",
    "Thành phần tham dự gồm: Đại diện lãnh đạo Ủy ban nhân dân, công chức Văn phòng - Thống kê, công chức Tư pháp - Hộ tịch và đại diện các đoàn thể.",
    "Chủ trì: {title} {name}, Chủ tịch Ủy ban nhân dân.",
    "Thư ký: {title2} {name2}, công chức Văn phòng - Thống kê.",
    "Nội dung cuộc họp: Đánh giá tình hình tiếp nhận, giải quyết hồ sơ thủ tục hành chính tại Bộ phận Một cửa và triển khai nhiệm vụ số hóa hồ sơ trong thời gian tới.",
    "Cuộc họp kết thúc vào lúc 11 giờ 00 phút cùng ngày; biên bản đã được thông qua trước các thành viên dự họp và thống nhất ký tên.",
]


def fill(template: str, rng: random.Random, **values: str) -> str:
    return template.format(**values) if values else template


def pick(rng: random.Random, items: list[str], k: int) -> list[str]:
    return rng.sample(items, min(k, len(items)))
