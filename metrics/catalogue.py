"""The catalogue: what the extractor looks for, as data a reader can scan and extend.

Every table here is plain data. Patterns are `regex` syntax, matched case-insensitively
on NFC text with word boundaries added by the engine. Order does not matter: at any
position the longest cue wins.
"""

from __future__ import annotations

# --- metrics -------------------------------------------------------------------------

#: metric -> (level unit kinds it accepts, measure of a bare percentage, plausible
#: growth range in %). Unit kinds: "vnd", "usd", "visits", "firms"; "pct" always fits.
METRICS: dict[str, tuple[tuple[str, ...], str, tuple[float, float]]] = {
    "grdp": (("vnd", "usd"), "growth_pct", (-30, 40)),
    "grdp_per_capita": (("vnd", "usd"), "growth_pct", (-30, 40)),
    "iip": ((), "growth_pct", (-60, 150)),
    "retail_sales": (("vnd",), "growth_pct", (-60, 150)),
    "exports": (("usd",), "growth_pct", (-80, 300)),
    "imports": (("usd",), "growth_pct", (-80, 300)),
    "cpi": ((), "growth_pct", (-20, 30)),
    "new_firms": (("firms",), "growth_pct", (-90, 500)),
    "new_firms_capital": (("vnd",), "growth_pct", (-90, 1000)),
    "budget_revenue": (("vnd",), "growth_pct", (-80, 300)),
    "budget_spending": (("vnd",), "growth_pct", (-80, 300)),
    "fdi": (("usd",), "growth_pct", (-95, 2000)),
    "public_investment": (("vnd",), "plan_pct", (-95, 1000)),
    "tourists": (("visits",), "growth_pct", (-95, 2000)),
    "tourism_revenue": (("vnd",), "growth_pct", (-95, 2000)),
}

#: A count unit that by itself names its metric when no cue does ("ước đón 3,73 triệu lượt khách").
UNIT_NAMES_METRIC = {"visits": "tourists"}

#: Metrics whose money levels are per person (canonical units mn VND / USD).
PER_PERSON = {"grdp_per_capita"}

#: Metric cues: (pattern, metric). A "+" metric ("new_firms_capital+") is a weak cue:
#: it names its metric only when the paragraph is already about that metric family
#: (FAMILY below), e.g. "số doanh nghiệp tăng 23,9%" after "doanh nghiệp thành lập mới";
#: "++" only when its own sentence is ("... doanh nghiệp thành lập mới với tổng vốn ...").
METRIC_CUES: tuple[tuple[str, str], ...] = (
    # GRDP / GDP
    (r"tổng sản phẩm (?:trên địa bàn|trong nước|nội địa)(?: tỉnh| thành phố)?", "grdp"),
    (r"GRDP", "grdp"),
    (r"GDP", "grdp"),
    (r"tốc độ tăng trưởng(?: kinh tế)?", "grdp"),
    (r"tăng trưởng kinh tế", "grdp"),
    (r"tăng trưởng GRDP", "grdp"),
    (r"quy mô (?:nền )?kinh tế", "grdp"),
    (r"cơ cấu kinh tế", "grdp"),
    (r"kinh tế (?:của )?(?:thủ đô|thành phố|tỉnh|cả nước) tăng trưởng", "grdp"),
    (r"mục tiêu tăng trưởng", "grdp"),
    (r"kịch bản tăng trưởng", "grdp"),
    (r"tăng trưởng", "grdp+"),
    # GRDP per person
    (r"(?:GRDP|GDP) bình quân đầu người", "grdp_per_capita"),
    (r"thu nhập bình quân đầu người", "grdp_per_capita"),
    (r"bình quân đầu người", "grdp_per_capita"),
    # industry
    (r"chỉ số sản xuất (?:toàn ngành )?công nghiệp", "iip"),
    (r"IIP", "iip"),
    (r"sản xuất công nghiệp", "iip"),
    # trade and retail
    (r"tổng mức bán lẻ", "retail_sales"),
    (r"(?:doanh thu )?bán lẻ hàng hóa", "retail_sales"),
    (r"kim ngạch xuất khẩu", "exports"),
    (r"(?:giá trị )?xuất khẩu", "exports"),
    (r"kim ngạch nhập khẩu", "imports"),
    (r"(?:giá trị )?nhập khẩu", "imports"),
    # prices
    (r"chỉ số giá tiêu dùng", "cpi"),
    (r"CPI", "cpi"),
    # enterprises
    (r"doanh nghiệp (?:đăng ký )?thành lập mới", "new_firms"),
    (r"(?:đăng ký )?thành lập mới", "new_firms"),
    (r"doanh nghiệp mới", "new_firms"),
    (r"doanh nghiệp đăng ký mới", "new_firms"),
    (r"số (?:lượng )?doanh nghiệp", "new_firms+"),
    (r"(?:tổng )?(?:số )?vốn đăng ký", "new_firms_capital+"),
    (r"về (?:số )?vốn", "new_firms_capital+"),
    (r"(?:tổng )?(?:số )?vốn", "new_firms_capital++"),
    # budget
    (r"(?:tổng )?thu ngân sách(?: nhà nước| địa phương)?", "budget_revenue"),
    (r"(?:tổng )?thu NSNN", "budget_revenue"),
    (r"số thu", "budget_revenue+"),
    (r"(?:tổng )?chi ngân sách(?: nhà nước| địa phương)?", "budget_spending"),
    (r"(?:tổng )?chi NSNN", "budget_spending"),
    (r"chi đầu tư phát triển", "budget_spending+"),
    # investment
    (r"(?:vốn )?đầu tư trực tiếp nước ngoài", "fdi"),
    (r"(?:thu hút )?vốn đầu tư nước ngoài", "fdi"),
    (r"(?:vốn )?FDI", "fdi"),
    (r"giải ngân(?: vốn đầu tư công)?", "public_investment"),
    (r"(?:kế hoạch )?vốn đầu tư công", "public_investment"),
    (r"đầu tư công", "public_investment"),
    # tourism
    (r"tổng thu (?:từ )?(?:khách )?du lịch", "tourism_revenue"),
    (r"doanh thu (?:từ )?(?:khách )?du lịch", "tourism_revenue"),
    (r"thu từ (?:khách )?du lịch", "tourism_revenue"),
    (r"khách du lịch", "tourists"),
    (r"(?:tổng )?(?:lượt|lượng) khách", "tourists"),
    (r"du khách", "tourists"),
    (r"(?:tổng )?số (?:lượt )?khách(?: tham quan)?(?:,? du lịch)?", "tourists"),
    (r"khách tham quan(?:,? du lịch)?", "tourists"),
)

#: Families: a weak cue resolves only when the paragraph so far names one of these.
FAMILY: dict[str, set[str]] = {
    "grdp": {"grdp"},
    "new_firms": {"new_firms", "new_firms_capital"},
    "new_firms_capital": {"new_firms", "new_firms_capital"},
    "budget_revenue": {"budget_revenue"},
    "budget_spending": {"budget_spending"},
}

#: Cues that carry a place: GDP is the nation's.
CUE_GEO = {r"GDP": "Việt Nam", r"tổng sản phẩm (?:trên địa bàn|trong nước|nội địa)(?: tỉnh| thành phố)?": None}

#: Parts of a metric: (pattern, metrics it belongs to, part code).
PART_CUES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (r"(?:khu vực )?nông,? lâm nghiệp và thủy sản", ("grdp",), "agriculture"),
    (r"khu vực I(?![IV])", ("grdp",), "agriculture"),
    (r"(?:khu vực )?công nghiệp\s*(?:và|-|–|,)\s*xây dựng", ("grdp",), "industry_construction"),
    (r"khu vực II(?![IV])", ("grdp",), "industry_construction"),
    (r"(?:khu vực )?(?:thương mại\s*(?:-|–|,|và)\s*)?dịch vụ", ("grdp",), "services"),
    (r"khu vực III", ("grdp",), "services"),
    (r"thuế sản phẩm(?: trừ trợ cấp sản phẩm)?", ("grdp",), "product_taxes"),
    (r"(?:ngành )?(?:công nghiệp )?chế biến,? chế tạo", ("iip",), "manufacturing"),
    (r"(?:ngành )?khai khoáng", ("iip",), "mining"),
    (r"(?:ngành )?sản xuất và phân phối điện", ("iip",), "electricity"),
    (r"(?:ngành )?cung cấp nước(?:,? hoạt động quản lý và xử lý rác thải,? nước thải)?", ("iip",), "water"),
    (r"(?:ngành )?công nghiệp(?! chế)", ("grdp",), "industry"),
    (r"(?:ngành )?xây dựng", ("grdp",), "construction"),
    (r"khu vực (?:có )?vốn đầu tư (?:trực tiếp )?nước ngoài", ("exports", "imports"), "fdi_sector"),
    (r"(?:khu vực|doanh nghiệp|khối) FDI", ("exports", "imports"), "fdi_sector"),
    (r"khu vực kinh tế trong nước", ("exports", "imports"), "domestic_sector"),
    (r"khu vực trong nước", ("exports", "imports"), "domestic_sector"),
    (r"(?:(?:tổng )?(?:lượt|lượng|số) )?khách (?:du lịch )?quốc tế", ("tourists", "tourism_revenue"), "international"),
    (r"(?:(?:tổng )?(?:lượt|lượng|số) )?khách (?:du lịch )?(?:nội địa|trong nước)", ("tourists", "tourism_revenue"),
     "domestic"),
    (r"thu nội địa", ("budget_revenue",), "domestic"),
    (r"thu (?:cân đối )?(?:từ )?(?:hoạt động )?xuất,? nhập khẩu", ("budget_revenue",), "trade"),
    (r"thu (?:từ )?dầu thô", ("budget_revenue",), "oil"),
    (r"(?:vốn )?cấp mới", ("fdi",), "new"),
    (r"(?:vốn )?(?:điều chỉnh|tăng vốn)", ("fdi",), "additional"),
    (r"góp vốn,? mua cổ phần", ("fdi",), "share_purchase"),
)

#: Things that are not catalogue metrics: a figure governed by one of these is not a row.
STOP_CUES: tuple[str, ...] = (
    r"lạm phát cơ bản", r"nhóm (?:hàng|ngành hàng)", r"nhóm [\p{Ll}]+", r"năng suất lao động",
    r"quay (?:trở )?lại hoạt động", r"tạm ngừng", r"giải thể", r"bình quân (?:một|mỗi|1) doanh nghiệp",
    r"(?:tổng )?(?:số )?vốn (?:đăng ký )?(?:tăng thêm|bổ sung)", r"công suất", r"sản lượng", r"thông qua cảng",
    r"ngày lưu trú", r"PAPI", r"SIPAS", r"PCI", r"hộ nghèo", r"dự án", r"kim ngạch xuất,? nhập khẩu",
    r"tổng kim ngạch xuất nhập khẩu", r"xuất nhập khẩu", r"xuất siêu", r"nhập siêu", r"cán cân thương mại",
    r"vốn đầu tư toàn xã hội", r"doanh thu lữ hành", r"giá trị sản xuất", r"tín dụng", r"dư nợ", r"lãi suất",
    r"giá vàng", r"giá xăng", r"tổng vốn cấp mới và điều chỉnh", r"tỷ lệ hộ",
    r"lao động", r"việc làm", r"buồng phòng", r"phòng lưu trú", r"khách sạn",
    r"(?:tổng )?vốn đầu tư(?: phát triển)? (?:toàn xã hội|thực hiện)", r"(?:doanh thu )?dịch vụ lưu trú",
    r"ăn uống", r"lữ hành", r"dịch vụ khác", r"nhóm ngành", r"mặt hàng", r"thị trường", r"(?:hàng )?dệt may",
    r"điện thoại", r"máy vi tính", r"linh kiện", r"gạo", r"cà phê", r"thủy sản", r"hàng hóa thông qua",
    r"giá trị gia tăng", r"thu nhập bình quân (?:một|1) lao động", r"tiền lương",
    r"tỷ lệ(?! này)", r"tỉ lệ(?! này)", r"độ che phủ", r"bảo hiểm", r"nông thôn mới", r"đô thị hóa", r"hồ sơ",
    r"thủ tục", r"dân số", r"học sinh", r"bệnh viện", r"giường bệnh", r"chỉ số (?:PAPI|PCI|PAR|SIPAS|hài lòng)",
    r"điểm phần trăm", r"đóng góp",
)

# --- status ----------------------------------------------------------------------------

#: Words that make the figures after them (in their sentence) estimates.
ESTIMATE_WORDS = (r"ước(?: tính| đạt| thực hiện| khoảng)?", r"dự ước")

#: Forecasts are estimates too, even of a period still to come.
FORECAST_WORDS = (r"dự báo", r"theo dự báo")

#: Words that make the figures they govern targets. "kế hoạch"/"dự toán" as the
#: denominator of a plan percentage ("đạt 75% kế hoạch") are handled by the engine.
TARGET_WORDS = (
    r"mục tiêu", r"chỉ tiêu", r"phấn đấu", r"kịch bản", r"dự kiến", r"bảo đảm tăng", r"đảm bảo tăng",
    r"được giao", r"phải (?:tăng|đạt)", r"đặt ra", r"theo kế hoạch", r"kế hoạch", r"dự toán",
    r"hướng tới",
)

# --- measures --------------------------------------------------------------------------

#: Verbs before a percentage: (pattern, measure, sign). "bằng 105,4% so với" is handled
#: by the engine (a ratio to the comparator: growth 5.4).
GROWTH_VERBS: tuple[tuple[str, int], ...] = (
    (r"tăng(?: trưởng)?(?: thêm)?", 1), (r"mức tăng(?: trưởng)?(?: chỉ)?(?: là)?", 1), (r"nhích(?: nhẹ)?(?: lên)?", 1),
    (r"tăng nhẹ", 1), (r"tăng mạnh", 1), (r"giảm(?: nhẹ| mạnh| sâu)?", -1), (r"sụt giảm", -1), (r"mức giảm", -1),
    (r"thấp hơn", -1), (r"cao hơn", 1), (r"tăng trưởng âm", -1),
)

#: Words after a percentage that make it a share of the plan.
PLAN_WORDS = r"(?:so với )?(?:dự toán|kế hoạch|KH|chỉ tiêu|mục tiêu)"

#: Qualifiers before a number: (pattern, code).
QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"khoảng", "approx"), (r"gần", "approx"), (r"xấp xỉ", "approx"), (r"ước khoảng", "approx"),
    (r"(?<!(?:cao|thấp|nhiều|ít|lớn|nhỏ) )hơn", "more_than"), (r"trên", "more_than"), (r"vượt trên", "more_than"),
    (r"dưới", "less_than"), (r"chưa đến", "less_than"), (r"không quá", "less_than"),
    (r"tối thiểu", "at_least"), (r"ít nhất", "at_least"), (r"không dưới", "at_least"), (r"từ", "at_least"),
)

# --- units ------------------------------------------------------------------------------

#: Unit words after a number (and its scale word): (pattern, kind).
UNITS: tuple[tuple[str, str], ...] = (
    (r"%", "pct"),
    (r"(?:đồng|VNĐ|VND|đ)", "vnd"),
    (r"(?:USD|US\$|đô la(?: Mỹ)?|đô-la(?: Mỹ)?|đôla)", "usd"),
    (r"lượt(?: khách)?(?! dự án)", "visits"),
    (r"khách", "visits"),
    (r"doanh nghiệp", "firms"),
)
