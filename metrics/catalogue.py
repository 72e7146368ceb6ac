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
    "fdi_disbursed": (("usd",), "growth_pct", (-95, 2000)),
    "public_investment": (("vnd",), "plan_pct", (-95, 1000)),
    "tourists": (("visits", "persons"), "growth_pct", (-95, 2000)),
    "tourism_revenue": (("vnd",), "growth_pct", (-95, 2000)),
}

#: A count unit that by itself names its metric when no cue does ("ước đón 3,73 triệu lượt khách").
UNIT_NAMES_METRIC = {"visits": "tourists"}

#: Metrics whose money levels are per person (canonical units mn VND / USD).
PER_PERSON = {"grdp_per_capita"}

#: Metric cues: (pattern, metric). A "?" metric names its metric unless another is in force. A "+" metric ("new_firms_capital+") is a weak cue:
#: it names its metric only when the paragraph is already about that metric family
#: (FAMILY below), e.g. "số doanh nghiệp tăng 23,9%" after "doanh nghiệp thành lập mới";
#: "++" only when its own sentence is ("... doanh nghiệp thành lập mới với tổng vốn ...").
METRIC_CUES: tuple[tuple[str, str], ...] = (
    # GRDP / GDP
    (r"tổng sản phẩm (?:trên địa bàn|nội địa)(?: tỉnh| thành phố)?", "grdp"),
    (r"tổng sản phẩm (?:trong nước|quốc nội)", "grdp"),
    (r"GRDP", "grdp"),
    (r"GDP", "grdp"),
    (r"tốc độ tăng trưởng kinh tế", "grdp"),
    (r"tốc độ tăng trưởng", "grdp?"),
    (r"tốc độ tăng", "grdp~"),
    (r"tăng trưởng kinh tế", "grdp"),
    (r"tăng trưởng GRDP", "grdp"),
    (r"quy mô (?:nền )?kinh tế", "grdp"),
    (r"cơ cấu kinh tế", "grdp"),
    (r"kinh tế (?:của )?(?:thủ đô|thành phố|tỉnh|cả nước) tăng trưởng", "grdp"),
    (r"(?:mục tiêu|chỉ tiêu|kế hoạch) tăng trưởng", "grdp"),
    (r"kịch bản tăng trưởng", "grdp"),
    (r"tăng trưởng", "grdp+"),
    # GRDP per person
    (r"(?:GRDP|GDP) bình quân đầu người", "grdp_per_capita"),
    (r"thu nhập bình quân đầu người", "grdp_per_capita"),
    (r"bình quân đầu người", "grdp_per_capita+"),
    # industry
    (r"chỉ số sản xuất (?:toàn ngành )?công nghiệp", "iip"),
    (r"chỉ số (?:toàn ngành )?công nghiệp", "iip"),
    (r"IIP", "iip"),
    (r"(?:giá trị )?sản xuất công nghiệp", "iip"),
    # trade and retail
    (r"(?:tổng )?mức (?:lưu chuyển )?(?:hàng hóa )?bán lẻ(?: hàng hóa)?(?: và (?:doanh thu )?dịch vụ(?: tiêu dùng| xã hội)?)?",
     "retail_sales"),
    (r"bán lẻ hàng hóa(?: và (?:doanh thu )?dịch vụ(?: tiêu dùng)?)?", "retail_sales"),
    (r"kim ngạch xuất khẩu(?: hàng hóa)?(?: và (?:doanh thu )?dịch vụ)?", "exports"),
    (r"KNXK", "exports"),
    (r"kim ngạch", "exports~"),
    (r"KNNK", "imports"),
    (r"(?:giá trị )?xuất khẩu", "exports"),
    (r"kim ngạch nhập khẩu", "imports"),
    (r"(?:giá trị )?nhập khẩu", "imports"),
    # prices
    (r"chỉ số giá tiêu dùng", "cpi"),
    (r"CPI", "cpi"),
    (r"chỉ số giá cả", "cpi"),
    (r"giá tiêu dùng", "cpi"),
    (r"lạm phát", "cpi"),
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
    # investment
    (r"(?:vốn )?đầu tư trực tiếp nước ngoài", "fdi"),
    (r"(?:thu hút )?(?:vốn )?đầu tư nước ngoài", "fdi"),
    (r"(?:vốn )?FDI", "fdi"),
    # new, adjusted and contributed capital named together are the whole ("tổng vốn đăng ký mới, điều chỉnh và ...")
    (r"(?:tổng )?vốn (?:đầu tư )?đăng ký (?:cấp )?mới,? (?:vốn (?:đăng ký )?)?(?:điều chỉnh|tăng thêm) và "
     r"(?:giá trị )?góp vốn,? mua cổ phần", "fdi"),
    (r"(?:tổng )?(?:số )?vốn đầu tư đăng ký", "fdi+"),
    (r"(?:dự án )?cấp mới(?:,| và|,? cùng) (?:tăng vốn|bổ sung(?: vốn)?|điều chỉnh(?: vốn)?|tăng thêm vốn)", "fdi"),  # in an FDI paragraph: "dẫn đầu với tổng vốn đầu tư đăng ký"
    (r"giải ngân vốn đầu tư công", "public_investment"),
    (r"(?:khối lượng )?(?:thực hiện )?vốn đầu tư xây dựng cơ bản(?: từ (?:nguồn )?ngân sách(?: nhà nước)?)?",
     "public_investment"),
    (r"chi xây dựng cơ bản", "public_investment"),
    (r"(?:tổng )?vốn đầu tư (?:thực hiện )?(?:từ )?(?:nguồn )?(?:vốn )?ngân sách nhà nước(?: thực hiện)?", "public_investment"),
    (r"tỷ lệ giải ngân(?: vốn đầu tư công)?", "public_investment"),
    (r"giải ngân", "public_investment+"),
    (r"(?:vốn )?(?:FDI|đầu tư (?:trực tiếp )?nước ngoài) (?:được )?(?:thực hiện|giải ngân)", "fdi_disbursed"),
    (r"(?:tổng )?vốn (?:FDI |đầu tư )?(?:được )?(?:thực hiện|giải ngân)", "fdi_disbursed+!"),
    (r"giải ngân (?:vốn )?(?:FDI|đầu tư (?:trực tiếp )?nước ngoài)", "fdi_disbursed"),
    (r"(?:kế hoạch )?vốn đầu tư công", "public_investment"),
    (r"đầu tư công", "public_investment"),
    # tourism
    (r"tổng thu (?:từ )?(?:khách )?du lịch", "tourism_revenue"),
    (r"doanh thu (?:từ )?(?:khách )?du lịch", "tourism_revenue"),
    (r"thu từ (?:khách )?du lịch", "tourism_revenue"),
    (r"tổng thu", "tourism_revenue+"),  # "tổng lượng khách ... 19 triệu lượt, tổng thu đạt 46.000 tỷ đồng"
    (r"khách du lịch", "tourists"),
    (r"(?:tổng )?(?:lượt|lượng) khách(?: du lịch)?(?: đến| tới)?", "tourists"),
    (r"du khách", "tourists"),
    (r"(?:tổng )?số (?:lượt )?khách(?: tham quan)?(?:,? du lịch)?", "tourists"),
    (r"khách tham quan(?:,? du lịch)?", "tourists"),
)

#: Non-metrics that open a sentence without being its topic: "Đóng góp trong tổng mức tăng 10,2%, khu vực
#: dịch vụ tăng 13%, làm tăng 5 điểm phần trăm" (the sector's growth is a row; its contribution is not).
NOT_A_TOPIC = frozenset({"đóng góp"})

#: Weak cues that, in a sentence about another family, name that family's own metric: (cue, sentence's metric) -> metric.
WEAK_IN_FAMILY = {("new_firms_capital+", "fdi"): "fdi", ("new_firms_capital+", "fdi_disbursed"): "fdi"}

#: Metrics whose levels "đến nay", "kể từ năm 1993" or "còn hiệu lực" make a stock since the start, not a flow.
STOCK_METRICS = frozenset({"fdi", "fdi_disbursed"})

#: Families: a weak cue resolves only when the paragraph so far names one of these.
FAMILY: dict[str, set[str]] = {
    "grdp": {"grdp"},
    "new_firms": {"new_firms", "new_firms_capital"},
    "new_firms_capital": {"new_firms", "new_firms_capital"},
    "budget_revenue": {"budget_revenue"},
    "budget_spending": {"budget_spending"},
    "public_investment": {"public_investment"},
    "fdi_disbursed": {"fdi", "fdi_disbursed"},
    "fdi": {"fdi", "fdi_disbursed"},
    "tourism_revenue": {"tourists", "tourism_revenue"},
    "grdp_per_capita": {"grdp", "grdp_per_capita"},
}

#: Metrics whose figures broken down by partner country are not rows: a foreign place before the
#: figure in its sentence makes it the partner's share ("Việt Nam xuất khẩu sang Bulgaria 10 triệu USD",
#: "Mỹ đã đầu tư vào VN 1,5 tỷ USD").
PARTNER_METRICS = frozenset({"exports", "imports", "fdi", "fdi_disbursed", "tourists", "tourism_revenue"})

#: Cues that carry a place: GDP is the nation's.
CUE_GEO = {r"GDP": "Việt Nam", r"tổng sản phẩm (?:trong nước|quốc nội)": "Việt Nam",
           r"tổng sản phẩm (?:trên địa bàn|nội địa)(?: tỉnh| thành phố)?": None}

#: Parts of a metric: (pattern, metrics it belongs to, part code).
PART_CUES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (r"(?:khu vực )?nông,? lâm nghiệp(?:,| và) thủy sản", ("grdp",), "agriculture"),
    (r"(?:khu vực )?nông ?- ?lâm nghiệp(?:,| và|,? ?-) ?thủy sản", ("grdp",), "agriculture"),
    (r"(?:khu vực )?nông nghiệp,? lâm nghiệp(?:,| và) thủy sản", ("grdp",), "agriculture"),
    (r"(?:khu vực )?nông,? lâm,? thủy sản", ("grdp",), "agriculture"),
    (r"(?:khu vực )?nông,? lâm,? ngư nghiệp", ("grdp",), "agriculture"),
    (r"(?:khu vực |ngành )?nông nghiệp", ("grdp",), "agriculture"),
    (r"khu vực I", ("grdp",), "agriculture"),
    (r"(?:khu vực )?công nghiệp\s*(?:và|-|–|,)\s*xây dựng", ("grdp",), "industry_construction"),
    (r"khu vực II", ("grdp",), "industry_construction"),
    (r"(?:khu vực )?(?:thương mại\s*(?:-|–|,|và)\s*)?dịch vụ", ("grdp",), "services"),
    (r"khu vực III", ("grdp",), "services"),
    (r"thuế sản phẩm(?: trừ trợ cấp sản phẩm)?", ("grdp",), "product_taxes"),
    (r"(?:ngành )?(?:công nghiệp )?chế biến,? chế tạo", ("iip",), "manufacturing"),
    (r"(?:ngành )?khai khoáng", ("iip",), "mining"),
    (r"(?:ngành )?sản xuất và phân phối điện(?:,? khí đốt,? nước nóng,? hơi nước(?: và điều hòa không khí)?)?",
     ("iip",), "electricity"),
    (r"(?:ngành )?cung cấp nước(?:,? hoạt động quản lý và xử lý rác thải,? nước thải| và xử lý rác thải(?:,? nước thải)?)?",
     ("iip",), "water"),
    (r"(?:ngành )?công nghiệp", ("grdp",), "industry"),  # "công nghiệp chế biến" is a longer cue
    # the value added of a sector is its part of GRDP; of a branch ("giá trị tăng thêm ngành dệt may") it is not
    (r"giá trị tăng thêm (?:của )?(?:toàn )?(?:ngành|khu vực) công nghiệp", ("grdp",), "industry"),
    (r"giá trị tăng thêm (?:của )?(?:toàn )?(?:ngành|khu vực) xây dựng", ("grdp",), "construction"),
    (r"giá trị tăng thêm (?:của )?(?:toàn )?khu vực dịch vụ", ("grdp",), "services"),
    (r"giá trị tăng thêm (?:của )?(?:toàn )?khu vực nông,? lâm nghiệp và thủy sản", ("grdp",), "agriculture"),
    (r"(?:ngành )?xây dựng", ("grdp",), "construction"),
    (r"khu vực (?:có )?vốn đầu tư (?:trực tiếp )?nước ngoài", ("exports", "imports"), "fdi_sector"),
    (r"(?:khu vực|doanh nghiệp|khối) FDI", ("exports", "imports"), "fdi_sector"),
    (r"khu vực kinh tế trong nước", ("exports", "imports"), "domestic_sector"),
    (r"(?:khu vực |khối )?(?:các )?doanh nghiệp (?:có vốn )?(?:đầu tư )?(?:trực tiếp )?nước ngoài", ("exports", "imports"),
     "fdi_sector"),
    (r"(?:khu vực |khối )?(?:các )?doanh nghiệp có vốn đầu tư (?:trực tiếp )?nước ngoài", ("exports", "imports"),
     "fdi_sector"),
    (r"(?:khu vực |khối )?(?:các )?doanh nghiệp (?:trong nước|100% vốn trong nước)", ("exports", "imports"),
     "domestic_sector"),
    (r"khu vực trong nước", ("exports", "imports"), "domestic_sector"),
    (r"(?:(?:tổng )?(?:lượt|lượng|số) )?khách (?:du lịch )?quốc tế", ("tourists", "tourism_revenue"), "international"),
    (r"(?:(?:tổng )?(?:lượt|lượng|số) )?khách (?:du lịch )?(?:nội địa|trong nước)", ("tourists", "tourism_revenue"),
     "domestic"),
    (r"(?:tổng )?thu nội địa", ("budget_revenue",), "domestic"),
    (r"(?:tổng )?thu (?:cân đối )?(?:ngân sách )?(?:thuế )?(?:từ )?(?:hoạt động )?xuất,? nhập khẩu", ("budget_revenue",),
     "trade"),
    (r"(?:tổng |nguồn |số )?thu (?:từ )?(?:xuất khẩu )?dầu thô", ("budget_revenue",), "oil"),
    (r"(?:vốn )?cấp mới", ("fdi",), "new"),
    (r"(?:tổng )?vốn (?:đầu tư )?đăng ký cấp mới", ("fdi",), "new"),
    (r"(?:tổng )?vốn (?:đầu tư )?đăng ký (?:tăng thêm|điều chỉnh)", ("fdi",), "additional"),
    (r"(?:dự án )?(?:FDI )?mới được cấp (?:giấy )?(?:phép|chứng nhận đăng ký đầu tư)", ("fdi",), "new"),
    (r"(?:vốn )?(?:FDI |đầu tư )?đăng ký mới", ("fdi",), "new"),
    (r"(?:các )?(?:dự án )?(?:được )?cấp (?:giấy )?phép mới", ("fdi",), "new"),
    (r"vốn (?:đầu tư )?(?:đăng ký )?mới", ("fdi",), "new"),
    (r"(?:tổng )?(?:số )?vốn (?:đăng ký )?(?:tăng thêm|bổ sung)", ("fdi",), "additional"),
    (r"bổ sung vốn", ("fdi",), "additional"),
    (r"vốn tăng", ("fdi",), "additional"),
    (r"(?:vốn điều chỉnh|điều chỉnh (?:tăng )?vốn|tăng vốn)", ("fdi",), "additional"),
    (r"(?:điều chỉnh )?vốn đầu tư tăng thêm", ("fdi",), "additional"),
    (r"góp vốn,? mua cổ phần", ("fdi",), "share_purchase"),
    (r"vốn góp(?:,? mua cổ phần)?", ("fdi",), "share_purchase"),
    (r"(?:tổng )?giá trị (?:góp vốn|vốn góp)(?:,? mua cổ phần)?", ("fdi",), "share_purchase"),
)

#: Things that are not catalogue metrics: a figure governed by one of these is not a row.
STOP_CUES: tuple[str, ...] = (
    r"lạm phát cơ bản", r"nhóm (?:hàng|ngành hàng)", r"nhóm", r"năng suất lao động",
    r"quay (?:trở )?lại hoạt động", r"tạm ngừng", r"giải thể", r"bình quân (?:một|mỗi|1) doanh nghiệp",
    r"công suất", r"sản lượng", r"thông qua cảng",
    r"(?:tổng )?số (?:lượng )?dự án(?: FDI)?(?: mới)?(?: được cấp (?:giấy )?(?:phép|chứng nhận đăng ký đầu tư))?",
    r"ngày lưu trú", r"PAPI", r"tỷ lệ huy động", r"thị phần", r"SIPAS", r"PCI", r"hộ nghèo", r"dự án", r"kim ngạch xuất,? nhập khẩu",
    # parts of a whole that the catalogue has no part code for: goods alone of retail, one source of public
    # investment, development spending of the budget
    r"doanh thu bán lẻ hàng hóa", r"vốn (?:trong nước|ngân sách trung ương|ngân sách địa phương|ODA)",
    r"chi đầu tư phát triển",
    r"tổng kim ngạch xuất nhập khẩu", r"xuất nhập khẩu", r"(?:kim ngạch )?(?:buôn bán|thương mại) hai chiều",
    r"trao đổi thương mại", r"kim ngạch thương mại", r"buôn bán", r"xuất siêu", r"nhập siêu", r"cán cân thương mại",
    r"vốn đầu tư toàn xã hội", r"doanh thu lữ hành", r"giá trị sản xuất", r"tín dụng", r"dư nợ", r"lãi suất",
    r"giá vàng", r"giá xăng", r"tổng vốn cấp mới và điều chỉnh", r"tỷ lệ hộ",
    r"lao động", r"việc làm", r"buồng phòng", r"phòng lưu trú", r"khách sạn",
    r"(?:tổng )?vốn đầu tư(?: phát triển)? toàn xã hội(?: thực hiện)?", r"(?:doanh thu )?dịch vụ lưu trú",
    r"ăn uống", r"lữ hành", r"dịch vụ khác", r"nhóm ngành", r"mặt hàng", r"thị trường", r"quỹ đầu tư",
    r"(?:hàng )?dệt may",
    r"điện thoại", r"máy vi tính", r"linh kiện", r"gạo", r"cà phê", r"thủy sản", r"hàng hóa thông qua",
    r"giá trị gia tăng", r"thu nhập bình quân (?:một|1) lao động", r"tiền lương",
    r"tỷ lệ", r"tỉ lệ", r"độ che phủ", r"bảo hiểm", r"nông thôn mới", r"đô thị hóa", r"hồ sơ",
    r"thủ tục", r"dân số", r"học sinh", r"bệnh viện", r"giường bệnh", r"chỉ số (?:PAPI|PCI|PAR|SIPAS|hài lòng)",
    r"điểm phần trăm", r"đóng góp",
    # groups of the price index
    r"vật liệu xây dựng", r"nhà ở", r"lương thực", r"thực phẩm", r"dược phẩm", r"y tế", r"đồ dùng",
    r"thiết bị và đồ dùng gia đình", r"giầy dép", r"mũ nón", r"văn hóa,? giải trí(?: và du lịch)?",
    r"bưu chính,? viễn thông",
    # taxes and tariffs on trade are not trade
    r"thuế", r"khoản thu", r"siêu thị", r"cửa hàng", r"trung tâm thương mại", r"quyền sử dụng đất", r"tiền sử dụng đất", r"nhà,? đất", r"đấu giá", r"điện thương phẩm", r"sản lượng điện",
    r"hồ tiêu", r"vốn đầu tư", r"đầu tư ra nước ngoài", r"cước", r"khu đô thị", r"khu công nghiệp", r"khu chế xuất", r"khu kinh tế", r"khu công nghệ cao",
    r"thuế nhập khẩu", r"thuế xuất khẩu", r"thuế suất", r"mức thuế", r"thuế VAT", r"thuế giá trị gia tăng",
    r"thuế tiêu thụ đặc biệt", r"hạn ngạch", r"biểu thuế",
    r"hồ sơ",  # dossiers waiting for a licence: capital asked for, not registered
    # ownership sectors and per-person figures of other things
    r"kinh tế nhà nước", r"(?:khu vực |khối )?doanh nghiệp nhà nước", r"doanh nghiệp quốc doanh", r"kinh tế tư nhân", r"kinh tế ngoài nhà nước", r"ngoài quốc doanh", r"quốc doanh",
    r"kinh tế có vốn đầu tư nước ngoài", r"kinh tế tập thể", r"kinh tế cá thể",
    r"(?:xuất khẩu|nhập khẩu|KNXK|KNNK|tiêu dùng|chi tiêu) bình quân đầu người",
    r"(?:kim ngạch )?(?:xuất|nhập) khẩu dịch vụ", r"KNXK dịch vụ", r"KNNK dịch vụ",
    # products, markets and firms
    r"mặt hàng", r"sản phẩm", r"ngành hàng", r"thép", r"phôi thép", r"sắt thép", r"xăng dầu", r"dầu thô",
    r"than đá", r"cao su", r"hạt điều", r"hạt tiêu", r"chè", r"tôm", r"cá tra", r"cá basa", r"may mặc",
    r"giày dép", r"da giày", r"đồ gỗ", r"điện tử", r"ô tô", r"xe máy", r"phân bón", r"máy móc", r"thiết bị",
    r"nông sản", r"lúa gạo", r"công ty", r"tập đoàn", r"tổng công ty", r"lợi nhuận",
    r"bội chi", r"nợ công", r"giá trị tăng thêm", r"tái đầu tư", r"đầu tư từ", r"doanh thu",
    r"(?:nếu )?không (?:kể|tính) dầu thô", r"trừ dầu thô", r"nợ Chính phủ", r"nợ nước ngoài", r"trái phiếu", r"giá vàng",
)

# --- status ----------------------------------------------------------------------------

#: Words that make the figures after them (in their sentence) estimates.
ESTIMATE_WORDS = (r"ước(?: tính| đạt| thực hiện| khoảng)?", r"dự ước")

#: Forecasts are estimates too, even of a period still to come.
FORECAST_WORDS = (r"dự báo", r"theo dự báo", r"có thể", r"có khả năng", r"khả năng", r"sẽ", r"dự đoán",
                  r"nhận định")

#: Words that make the figures they govern targets. "kế hoạch"/"dự toán" as the
#: denominator of a plan percentage ("đạt 75% kế hoạch") are handled by the engine.
TARGET_WORDS = (
    # "vượt chỉ tiêu": a target passed, said of actual figures ("hoàn thành mục tiêu 8%" still names the target)
    r"(?<!vượt )mục tiêu", r"(?<!các |những |nhiều |vượt )chỉ tiêu",
    r"phấn đấu", r"kịch bản", r"dự kiến", r"bảo đảm tăng", r"đảm bảo tăng",
    r"được giao", r"phải (?:tăng|đạt)", r"đặt ra", r"theo kế hoạch", r"kế hoạch", r"dự toán",
    r"hướng tới", r"đòi hỏi", r"cần (?:đạt|tăng)", r"được kỳ vọng",
)
#: Target words that name a plan for the year (a "chỉ tiêu" of budget revenue is the year's), unlike "dự kiến".
YEAR_PLAN_WORDS = r"mục tiêu|chỉ tiêu|kế hoạch|phấn đấu|dự toán"

# --- measures --------------------------------------------------------------------------

#: Verbs before a percentage: (pattern, measure, sign). "bằng 105,4% so với" is handled
#: by the engine (a ratio to the comparator: growth 5.4).
GROWTH_VERBS: tuple[tuple[str, int], ...] = (
    (r"tăng(?: trưởng)?(?: thêm)?", 1), (r"mức tăng(?: trưởng)?(?: chỉ)?(?: là)?", 1), (r"nhích(?: nhẹ)?(?: lên)?", 1),
    (r"tăng nhẹ", 1), (r"tăng mạnh", 1), (r"giảm(?: nhẹ| mạnh| sâu)?", -1), (r"sụt giảm", -1), (r"mức giảm", -1),
    (r"thấp hơn", -1), (r"cao hơn", 1), (r"tăng trưởng âm", -1),
)

#: Words after a percentage that make it a share of the plan.
PLAN_WORDS = r"(?:so với |so (?=kế hoạch|dự toán))?(?:dự toán|kế hoạch|KH|chỉ tiêu|mục tiêu)"

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
    (r"lượt(?: khách| người)?(?! dự án)", "visits"),
    (r"khách", "visits"),
    (r"người", "persons"),
    (r"doanh nghiệp", "firms"),
)

# --- licensing: what may stand between a metric's head and its figure -------------------

#: Words that may stand between a metric head (or the start of a clause that continues one)
#: and its figure without changing what the figure is about: function words, verbs of
#: reaching and changing, status and qualifier words, adverbs, and the generic nouns that
#: belong to the metric phrase itself. Anything else there (a product, a market, a company,
#: an ownership sector) is unknown, and an unknown subject is not a row. Places, periods,
#: comparators, status words and parts are recognised before this table is consulted.
FILLERS: tuple[str, ...] = (
    # grammar
    r"của", r"cho", r"trong", r"trên", r"tại", r"ở", r"với", r"và", r"hoặc", r"là", r"thì", r"mà", r"nên",
    r"được", r"có", r"đã", r"sẽ", r"đang", r"vẫn", r"cũng", r"chỉ", r"còn", r"lại", r"nữa", r"đều", r"cùng",
    r"này", r"đó", r"nay", r"qua", r"vừa", r"mới", r"hiện", r"hiện nay", r"đến nay", r"tới nay", r"từ đầu năm",
    r"từ đầu năm đến nay", r"trước", r"sau", r"khi", r"như vậy", r"theo đó", r"nhờ đó", r"do đó", r"vì vậy",
    r"tuy nhiên", r"trong khi", r"nhưng", r"ngoài ra", r"bên cạnh đó", r"đặc biệt", r"nhìn chung",
    r"tính chung", r"chung", r"tính riêng", r"riêng", r"trong đó", r"bao gồm", r"gồm", r"nói chung",
    r"theo", r"theo thống kê", r"theo số liệu", r"theo báo cáo", r"cho biết", r"cho thấy", r"thống kê",
    r"một", r"các", r"những", r"toàn", r"cả", r"toàn bộ", r"tổng", r"tổng cộng", r"tổng số", r"số",
    r"con số", r"mức", r"ở mức", r"kết quả", r"giá trị", r"kim ngạch", r"quy mô", r"tốc độ", r"nhịp độ",
    r"hàng hóa", r"hàng hoá", r"địa bàn", r"trên địa bàn", r"toàn địa bàn", r"nước", r"cả nước", r"thành phố", r"TP\.?",
    r"tỉnh", r"quốc gia", r"đất nước", r"nền kinh tế", r"kinh tế", r"thực tế", r"chính thức", r"lũy kế",
    r"luỹ kế", r"cộng dồn", r"bình quân", r"trung bình", r"hằng năm", r"hàng năm", r"mỗi năm", r"một năm",
    r"/năm", r"so", r"so với", r"cùng kỳ", r"tương ứng", r"lần lượt", r"tương đương", r"nhìn lại",
    # verbs of reaching, changing and stating
    r"đạt", r"đạt được", r"đạt mức", r"thực hiện", r"ước", r"ước tính", r"ước đạt", r"ước thực hiện", r"dự ước",
    r"tăng", r"tăng trưởng", r"tăng thêm", r"giảm", r"sụt giảm", r"bằng", r"chiếm", r"vượt", r"lên", r"tới",
    r"đến", r"từ", r"xuống", r"còn", r"nhích", r"nhích lên", r"tăng lên", r"giảm xuống", r"giữ", r"giữ vững",
    r"duy trì", r"tiếp tục", r"liên tục", r"đã có", r"mang lại", r"mang về", r"thu về", r"thu được", r"thu hút",
    r"đón", r"đón tiếp", r"phục vụ", r"trở lên", r"trở thành", r"ghi nhận", r"đưa", r"nâng", r"lập", r"chạm",
    r"cán mốc", r"vượt mốc", r"mốc", r"về đích", r"hoàn thành",
    # adverbs and qualifiers
    r"khoảng", r"gần", r"hơn", r"dưới", r"xấp xỉ", r"trên dưới", r"ít nhất", r"tối thiểu", r"tối đa",
    r"không quá", r"chưa đến", r"chưa tới", r"không dưới", r"nhẹ", r"mạnh", r"khá", r"cao", r"thấp", r"nhanh",
    r"chậm", r"ổn định", r"đáng kể", r"đột biến", r"vọt", r"tăng vọt", r"vượt bậc", r"ấn tượng", r"khả quan",
    r"tích cực", r"cao nhất", r"thấp nhất", r"kỷ lục", r"đều đặn", r"rất", r"khá cao", r"tương đối", r"gấp",
    r"lần", r"mức tăng", r"mức giảm", r"tỷ lệ tăng", r"đà tăng", r"đà", r"nhất", r"xếp", r"so sánh",
    # status and plan words (also tokens; listed for the words around them)
    r"mục tiêu", r"chỉ tiêu", r"kế hoạch", r"dự toán", r"phấn đấu", r"dự kiến", r"kịch bản", r"dự báo",
    r"bảo đảm", r"đảm bảo", r"phải", r"cần", r"đề ra", r"được giao", r"giao", r"đặt ra", r"hướng tới", r"năm nay",
    r"năm tới", r"năm sau", r"năm ngoái", r"năm trước", r"năm qua", r"đầu năm", r"thuộc", r"thuộc kế hoạch",
    r"phân bổ", r"bố trí", r"đối với", r"vào", r"về", r"khu vực", r"doanh nghiệp", r"khu vực doanh nghiệp", r"đặt", r"đặt mục tiêu", r"địa phương", r"là địa phương có", r"nhiều địa phương", r"trung ương", r"Trung ương giao", r"HĐND", r"UBND", r"Hội đồng nhân dân",
    r"Ủy ban nhân dân", r"Thủ tướng", r"Thủ tướng Chính phủ", r"Chính phủ", r"Quốc hội", r"Bộ Tài chính",
    # counted projects, licences and asides
    r"\d[\d.]* (?:lượt )?(?:dự án|giao dịch)", r"được cấp (?:giấy )?phép(?: đầu tư)?(?: mới)?", r"cấp (?:giấy )?phép(?: đầu tư)?(?: mới)?",
    r"giấy phép(?: đầu tư)?", r"mới", r"đăng ký mới", r"đăng ký", r"\([^()\d]{0,80}\)", r"tính bằng USD", r"tính bằng đồng",
    r"số liệu", r"điều này", r"nhiệm vụ", r"những năm \d+", r"xu hướng", r"có xu hướng", r"phục hồi",
    r"định hướng", r"hoạt động", r"không đều", r"để", r"để đạt được", r"khó", r"tính cả", r"kể cả", r"nếu tính cả",
    # hedges, discourse words and verbs of staying
    r"thương mại", r"ngành thương mại", r"nhà đầu tư", r"các nhà đầu tư", r"nhà đầu tư nước ngoài", r"các nhà đầu tư nước ngoài", r"kéo", r"kéo giảm", r"kéo tăng", r"khu vực", r"hai khu vực", r"ba khu vực", r"nặng nề", r"bứt phá", r"đồng nghĩa với", r"giúp", r"kém", r"xa", r"hẳn", r"rõ rệt", r"cũng như",
    r"có thể", r"khả năng", r"có khả năng", r"có thể đạt", r"đáng chú ý", r"nếu", r"cụ thể", r"thành tích này",
    r"tuy", r"tuy nhiên", r"nhưng", r"bị", r"tức", r"tức là", r"leo thang", r"đứng yên", r"dừng", r"dừng ở",
    r"không tăng", r"nằm trong khoảng", r"khó có thể", r"vượt xa", r"lần đầu(?: tiên)?", r"đầu tiên", r"ban đầu",
    r"đứng", r"giữ ở", r"ở", r"lượng", r"khối lượng", r"trị giá", r"với", r"tổng trị giá",
    # lists of places that follow: "cao như: Quảng Ninh tăng 11%; ...", "tiếp theo là Hải Phòng với 10,3%"
    r"như:", r"như sau:?", r"(?:cao|thấp|lớn|mạnh|nhanh) như", r"điển hình (?:là|như)", r"tiếp theo là", r"tiếp đến là",
    r"date (?:19|20)\d\d-\d\d(?:-\d\d)?",  # a labelled dateline run into the first sentence
    # a bare number before a comma (a count written without its noun) names no subject: "là 157.000, tăng 7%"
    r"(?!(?:19|20)\d\d(?!\d))\d+(?:[.,]\d+)*(?=\s*[,;])",
    r"thu hút", r"(?:mà )?(?:thay vì đó|thay vào đó)",
    r"sau đó là", r"dẫn đầu là", r"(?:\d+ )?(?:địa phương|tỉnh,? thành(?: phố)?|tỉnh|thành phố) dẫn đầu(?: gồm| là)?",
    r"(?:với )?kết quả(?: đạt được)?",
    r"tính theo", r"theo tỷ giá(?: hối đoái)?(?: thực tế)?", r"tỷ giá hối đoái", r"(?:theo )?sức mua tương đương",
    r"\d+ (?:năm|tháng|quý)", r"\d+(?:[.,]\d+)?(?=\s*(?:và|,|-|–)\s*\d)",
    r"theo [^,.;()\d]{1,60}?,", r"(?:ông|bà) [^,.;()\d]{1,40}? cho (?:biết|hay)",
    # the offices that publish the figures: "Tổng cục Thống kê cho biết GDP ..."
    r"(?:Tổng cục|Cục) Thống kê", r"Tổng cục Hải quan", r"Bộ (?:Công Thương|Kế hoạch và Đầu tư|Tài chính|Thương mại)",
    # price basis, reporting units and continuations
    r"giá hiện hành", r"theo giá hiện hành", r"(?:theo )?giá so sánh(?: năm)? (?:19|20)\d\d", r"giá so sánh", r"theo giá so sánh", r"giá thực tế",
    r"doanh nghiệp trên địa bàn", r"các doanh nghiệp trên địa bàn", r"cơ sở lưu trú", r"do", r"quản lý",
    r"đây", r"đây là", r"trở lại đây", r"liên tiếp", r"song", r"tỷ trọng", r"tỉ trọng", r"tỷ lệ này", r"nhận",
    r"động lực", r"động lực chính", r"chính", r"ngành", r"du lịch", r"gấp đôi", r"lớn", r"thứ \w+",
    r"đứng thứ \w+", r"đứng đầu", r"dẫn đầu", r"đứng sau", r"chỉ sau", r"hai", r"ba", r"bốn", r"năm",
    # regions of Việt Nam (the figure is then the province's named beside them)
    r"quý", r"tháng", r"nhiều", r"nếu loại trừ yếu tố giá", r"loại trừ yếu tố giá",
    r"vùng", r"Đồng bằng sông Hồng", r"Đồng bằng sông Cửu Long", r"Bắc Trung Bộ", r"Duyên hải Trung Bộ",
    r"Duyên hải miền Trung", r"Đông Nam Bộ", r"Tây Nguyên", r"Trung du và miền núi phía Bắc", r"miền núi phía Bắc",
)

#: Largest plausible level of a metric in its canonical unit, for any place and period: a larger one is
#: a misreading or another economy's figure ("1.350 tỷ USD" of world FDI), not a row. A (metric, unit kind)
#: key caps one unit only (GDP in dollars: "trên 1.000 tỉ USD" is China's, not ours).
LEVEL_MAX = {"fdi": 6e4, "fdi_disbursed": 4e4, ("grdp", "usd"): 9e5, "exports": 1e6, "imports": 1e6, "tourists": 5e8,
             "new_firms": 1e6, "grdp_per_capita": 1e6}

#: Non-metrics that, right before a metric head, only name what the metric counts ("dự án FDI").
COUNTED_BY_HEAD = frozenset({"dự án"})

#: Smallest plausible level: "21.331 USD" of a nation's exports is a misprint or another thing.
LEVEL_MIN = {"exports": 0.1, "imports": 0.1, "fdi": 0.1, "fdi_disbursed": 0.1, "retail_sales": 1.0, "tourists": 1000}
#: The least a level of the whole nation can be in any month since 2000 (canonical units): less is a company's,
#: a project's or a product's figure read as the nation's ("3 dự án FDI với tổng vốn 9,55 triệu USD",
#: "phòng vé tiếp nhận 800 lượt khách").
NATIONAL_MIN = {"exports": 100.0, "imports": 100.0, "fdi": 50.0, "fdi_disbursed": 50.0, "retail_sales": 1000.0,
                "budget_revenue": 1000.0, "budget_spending": 1000.0, "public_investment": 1000.0,
                "tourists": 10000.0, "tourism_revenue": 500.0, "new_firms": 500.0, "new_firms_capital": 1000.0,
                "grdp": 50000.0}

#: Metrics whose cues also name other things ("lượt khách" of an airline, "lượng khách" of a shop):
#: a row needs one of these words in its sentence or the paragraph before it.
CONTEXT_WORDS = {"tourists": r"du lịch|du khách|lữ hành|lưu trú|tham quan|khách quốc tế|khách nội địa|khách (?:đến|tới) \p{Lu}|"
                             r"khách trong nước|Tổng cục Du lịch|Sở Du lịch"}

#: Words that open the name of a public body or a statistics source.
AGENCY_HEADS = (r"Bộ", r"Sở", r"Tổng cục", r"Cục", r"Vụ", r"Ủy ban", r"Uỷ ban", r"UBND", r"HĐND", r"Ngân hàng",
                r"Viện", r"Trung tâm", r"Văn phòng", r"Chính phủ", r"Quốc hội", r"Thủ tướng", r"Nhà nước",
                r"Thành ủy", r"Tỉnh ủy", r"Hội đồng", r"Tổ", r"IMF", r"WB", r"ADB", r"GSO", r"Hải quan", r"Đại hội",
                r"Nghị quyết", r"Đảng", r"Hội nghị", r"Kết luận", r"Chỉ thị", r"Quyết định", r"Luật", r"Kế hoạch")

#: Agency heads followed by the body's own name in capitals ("Tổng cục Thống kê", "Bộ Kế hoạch và Đầu tư").
NAMED_AGENCIES = frozenset({"Bộ", "Sở", "Tổng cục", "Cục", "Vụ", "Ủy ban", "Uỷ ban", "Ngân hàng", "Viện", "Trung tâm",
                            "Văn phòng"})

#: Metrics that are rates: "X% so với chỉ tiêu" of them is a difference of rates, not a share of a plan.
NO_PLAN_PCT = frozenset({"cpi", "iip", "grdp", "grdp_per_capita"})

#: Metric heads that are bare verbs ("Gạo xuất khẩu đạt ...", "máy móc đã nhập khẩu ..."): the words
#: before them in their clause must be known too.
BARE_HEADS = frozenset({"xuất khẩu", "nhập khẩu", "thu hút"})

#: Metrics that an article about a foreign country reports as trade with it: the nation's figures there are
#: that market's ("Buôn bán với Australia khởi sắc ... VN xuất khẩu 1,48 tỷ USD").
BILATERAL = frozenset({"exports", "imports"})

#: Countries, regions and the world: a clause about one of them is not a row (the contract's
#: geo rule); the table names them so that `explain` can say why.
FOREIGN_PLACES: tuple[str, ...] = (
    r"Trung Quốc", r"Mỹ", r"Hoa Kỳ", r"Nhật Bản", r"Nhật", r"Hàn Quốc", r"Đài Loan", r"Hồng Kông", r"Hong Kong",
    r"Singapore", r"Xingapo", r"Thái Lan", r"Malaysia", r"Malaixia", r"Indonesia", r"Inđônêxia", r"Philippines",
    r"Philippine", r"nước Lào", r"(?<!(?:chị|bà|cô|em|anh|ông) )Nga", r"(?<!(?:chị|bà|cô|em|anh|ông) )Đức", r"Pháp", r"Campuchia", r"Myanmar", r"Ấn Độ", r"nước Nga", r"Liên bang Nga", r"nước Đức",
    r"CHLB Đức", r"nước Pháp", r"nước Anh", r"Vương quốc Anh", r"Anh Quốc", r"Anh quốc",
    r"Italy", r"Italia", r"Tây Ban Nha", r"Hà Lan", r"Thụy Sĩ", r"Thụy Điển", r"nước Úc", r"Australia",
    r"Ôxtrâylia", r"Canada", r"Brazil", r"Mexico", r"Ả Rập", r"Iraq", r"Iran", r"Israel", r"Thổ Nhĩ Kỳ",
    r"Ba Lan", r"Ucraina", r"Ukraine", r"Nam Phi", r"Ai Cập", r"New Zealand", r"Chile", r"Argentina",
    r"châu Âu", r"Châu Âu", r"EU", r"ASEAN", r"APEC", r"WTO", r"OPEC", r"châu Á", r"Châu Á", r"Đông Á",
    r"Đông Nam Á", r"châu Mỹ", r"Bắc Mỹ", r"châu Phi", r"Trung Đông", r"thế giới", r"toàn cầu",
    r"khu vực đồng euro", r"Eurozone", r"UAE", r"Bulgaria", r"Hungary", r"Rumani", r"Romania", r"Séc", r"Slovakia",
    r"Mông Cổ", r"Triều Tiên", r"Cuba", r"Pakistan", r"Bangladesh", r"Brunei", r"Đông Timor", r"Nigeria",
    r"Ả Rập Xê-út", r"Saudi Arabia", r"Kuwait", r"Qatar", r"Hy Lạp", r"Bồ Đào Nha", r"Đan Mạch", r"Na Uy",
    r"Phần Lan", r"Ireland", r"Luxembourg", r"Venezuela", r"Peru", r"Colombia", r"Ukraina", r"Belarus",
    r"Kazakhstan", r"Sri Lanka", r"Nepal", r"Áo", r"Nam Mỹ", r"Mỹ La tinh", r"Tây Âu", r"Bắc Âu", r"Đông Âu",
    # a foreign economy named by a phrase: "nước này", "nền kinh tế lớn thứ hai thế giới"
    r"nước này", r"quốc gia này", r"hành tinh", r"nền kinh tế lớn thứ \w+",
)

#: Subjects that point back to something named before: a sector, a branch, a product.
ANAPHORS: tuple[str, ...] = (
    r"khu vực này", r"ngành này", r"lĩnh vực này", r"khu vực doanh nghiệp này", r"doanh nghiệp này",
    r"mặt hàng này", r"thị trường này", r"sản phẩm này", r"nhóm hàng này", r"khối này",
    # and subjects that cannot be pinned down: "có năm chỉ 5%", the stock of projects "còn hiệu lực"
    r"có năm", r"có lúc", r"có thời điểm", r"còn hiệu lực", r"toàn ngành", r"cả ngành", r"của ngành",
    r"thuê bao", r"hành khách", r"khách hàng", r"chuyên chở", r"vận chuyển",
    r"trong số đó", r"số đó", r"bảo hiểm", r"ngành bảo hiểm", r"qua các năm", r"hội chợ", r"triển lãm", r"lễ hội", r"dịp Tết", r"dịp lễ", r"kỳ nghỉ", r"thập niên", r"thập kỷ",
    r"hiệp hội", r"về lượng", r"về sản lượng", r"về khối lượng",
)

#: Products and branches: an article whose title names one is about it, and its bare trade
#: figures are the product's, not the nation's.
PRODUCTS: tuple[str, ...] = (
    r"thủy sản", r"gạo", r"lúa gạo", r"cà phê", r"cao su", r"dệt may", r"may mặc", r"giày dép", r"da giày",
    r"đồ gỗ", r"hạt điều", r"hạt tiêu", r"chè", r"tôm", r"cá tra", r"cá basa", r"thép", r"phôi thép",
    r"xăng dầu", r"dầu thô", r"than đá", r"điện tử", r"điện thoại", r"ô tô", r"xe máy", r"phân bón", r"rau quả",
    r"trái cây", r"sữa tươi", r"xi măng", r"linh kiện", r"máy tính", r"lương thực", r"thực phẩm",
    r"dược phẩm", r"vật liệu xây dựng", r"nhà ở", r"thủ công mỹ nghệ", r"hàng thủ công", r"mỹ nghệ", r"đồ chơi",
    r"hóa chất", r"đồ nội thất", r"sắn", r"cao su", r"tinh dầu", r"mỹ phẩm",
)

#: Every product is a non-metric too: "xuất khẩu thủ công mỹ nghệ đạt 600 triệu USD" is not national exports.
STOP_CUES = STOP_CUES + tuple(p for p in PRODUCTS if p not in STOP_CUES)

#: Phrases that contain a stop cue but are not one ("tỷ lệ này": the rate just stated): matched and dropped.
NEUTRAL_CUES: tuple[str, ...] = (r"tỷ lệ này", r"tỉ lệ này", r"dự án này", r"về thị trường", r"giá cả thị trường",
                                 r"thị trường trong nước", r"thị trường nội địa", r"con số này", r"số này", r"mức này")

#: Why a number candidate is not a row: code -> message (``{}`` takes the words that decided).
REASONS: dict[str, str] = {
    "row": "row",
    "boilerplate": "page furniture (related articles, comments, counters): not article text",
    "heading": "a heading: read for context only",
    "context": "the words around the figure do not say it is about {}",
    "no_metric": "no metric in clause",
    "not_metric": "subject is not a metric: {}",
    "unknown_subject": "unknown words between the metric and its figure: {}",
    "foreign": "foreign place: {}",
    "unit": "unit does not fit metric: {}",
    "not_figure": "not a figure of the catalogue: {}",
    "absolute_change": "an absolute change, not a level",
    "share_no_part": "a share whose part is not in the parts list",
    "implausible": "value outside the metric's plausible range: {}",
    "national_min": "too small to be the nation's figure: {}",
    "not_a_place": "no specific place (các địa phương)",
    "place_count": "a threshold that a number of places pass, not one place's figure: {}",
    "place_range": "a range across several places: {}",
    "own_place": "the article speaks of its own province or city ({}) but never names it",
    "number": "the number cannot be read: {}",
    "table": "a table flattened into text",
    "ratio": "a ratio to a metric, not the metric: {}",
    "stock": "a total since the start ({}), not a period's figure",
    "respectively": "metrics named in turn ('lần lượt'): {}",
    "topic": "the article is about {}, and the sentence names no place of ours",
}
