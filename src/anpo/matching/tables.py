"""Hand-written rule tables: legal forms, honorifics, stopwords, script transliteration.

Written for this project from general linguistic knowledge (ISO 9 / BGN-style Cyrillic,
ELOT-style Greek, a consonant-preserving Arabic/Persian scheme, McCune-Reischauer-style
Hangul without diacritics, Hepburn kana). They aim at *matching*, not at display: every
table errs towards the spelling that sanctions lists use for names.
"""

from __future__ import annotations

from typing import Final

# fmt: off
# --- Legal forms -------------------------------------------------------------------------
# Token sequences (already casefolded, ASCII) -> canonical legal-form token. Kept in the
# name as LOW-WEIGHT tokens (never deleted: "11420 CORP." must not collapse to "corp").
LEGAL_PHRASES: Final[dict[tuple[str, ...], str]] = {
    ("limited", "liability", "company"): "llc",
    ("limited", "liability", "partnership"): "llp",
    ("limited", "liability", "co"): "llc",
    ("public", "limited", "company"): "plc",
    ("public", "joint", "stock", "company"): "pjsc",
    ("open", "joint", "stock", "company"): "ojsc",
    ("closed", "joint", "stock", "company"): "cjsc",
    ("joint", "stock", "company"): "jsc",
    ("private", "limited", "company"): "ltd",
    ("private", "limited"): "ltd",
    ("pte", "ltd"): "ltd",
    ("pvt", "ltd"): "ltd",
    ("sdn", "bhd"): "sdnbhd",
    ("free", "zone", "establishment"): "fze",
    ("free", "zone", "company"): "fzco",
    ("societe", "anonyme"): "sa",
    ("sociedad", "anonima"): "sa",
    ("societa", "per", "azioni"): "spa",
    ("gesellschaft", "mit", "beschrankter", "haftung"): "gmbh",
    ("obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"): "ooo",
    ("obshchestvo", "s", "ogranichennoi", "otvetstvennostiu"): "ooo",
    ("aktsionernoe", "obshchestvo"): "ao",
    ("kabushiki", "kaisha"): "kk",
    ("yugen", "kaisha"): "yk",
    ("godo", "kaisha"): "gk",
}

LEGAL_TOKENS: Final[dict[str, str]] = {
    "co": "co", "company": "co", "compagnie": "co", "cie": "co", "companiya": "co",
    "corp": "corp", "corporation": "corp", "korporatsiya": "corp",
    "inc": "inc", "incorporated": "inc",
    "ltd": "ltd", "limited": "ltd", "ltda": "ltd", "lda": "ltd",
    "llc": "llc", "llp": "llp", "lp": "lp", "plc": "plc",
    "gmbh": "gmbh", "ag": "ag", "kg": "kg", "mbh": "gmbh", "ug": "ug",
    "sa": "sa", "sas": "sas", "sarl": "sarl", "srl": "srl", "spa": "spa", "sl": "sl",
    "bv": "bv", "nv": "nv", "oy": "oy", "oyj": "oy", "ab": "ab", "as": "as", "asa": "as",
    "aps": "aps", "kft": "kft", "sro": "sro", "zrt": "zrt", "doo": "doo",
    "jsc": "jsc", "ojsc": "ojsc", "cjsc": "cjsc", "pjsc": "pjsc", "ojsc.": "ojsc",
    "ooo": "ooo", "oao": "oao", "zao": "zao", "pao": "pao", "ao": "ao", "tov": "tov",
    "fze": "fze", "fzco": "fzco", "fzc": "fzc", "fzllc": "llc", "fzllc.": "llc", "fz": "fz",
    "pte": "pte", "pvt": "pvt", "bhd": "bhd", "sdn": "sdn", "tbk": "tbk", "pt": "pt",
    "kk": "kk", "yk": "yk", "gk": "gk",
    "jv": "jv", "ltdco": "ltd",
}

# CJK legal forms (longest first when matching). Canonicalised to the Latin token so a
# kanji "株式会社" and a Latin "K.K." are the same low-weight token class.
CJK_LEGAL: Final[tuple[tuple[str, str], ...]] = (
    ("股份有限公司", "jsc"),
    ("有限责任公司", "llc"),
    ("有限責任公司", "llc"),
    ("有限公司", "ltd"),
    ("株式会社", "kk"),
    ("有限会社", "yk"),
    ("合同会社", "gk"),
    ("集团公司", "group"),
    ("集团", "group"),
    ("集團", "group"),
    ("公司", "co"),
    ("会社", "co"),
    ("(株)", "kk"),
    ("㈱", "kk"),
    ("社", "co"),
)

HONORIFICS: Final[frozenset[str]] = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "madam",
        "madame", "mme", "mlle", "monsieur", "herr", "frau", "senor", "senora", "sr", "sra",
        "hon", "honorable", "rev", "reverend", "messrs", "esq", "phd",
    }
)
# Titles written after a Japanese/Chinese name (kanji only: kana "さん" would also strip the
# end of names such as ハッサン).
CJK_HONORIFIC_SUFFIXES: Final[tuple[str, ...]] = (
    "先生", "博士", "教授", "大佐", "中佐", "少佐", "大将", "中将", "少将", "准将", "将軍", "元帥",
    "様", "氏", "殿",
)

# Function words that carry almost no identifying information.
STOPWORDS: Final[frozenset[str]] = frozenset(
    {
        "the", "of", "and", "for", "in", "on", "at", "to", "&",
        "de", "del", "la", "le", "les", "du", "des", "dos", "das",
        "y", "et", "und", "der", "die", "den", "van", "von", "jr", "jnr", "snr",
    }
)

# --- Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Macedonian, Kazakh...) ---------------
CYRILLIC: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j",
    "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ә": "a",
    "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ҳ": "h",
    "ӣ": "i", "ӯ": "u", "ҷ": "j", "ӏ": "",
}

# --- Greek ------------------------------------------------------------------------------
GREEK_DIGRAPHS: Final[tuple[tuple[str, str], ...]] = (
    ("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("γγ", "ng"), ("γκ", "g"), ("μπ", "b"),
    ("ντ", "d"), ("τσ", "ts"), ("τζ", "tz"), ("αι", "ai"), ("ει", "ei"), ("οι", "oi"),
)
GREEK: Final[dict[str, str]] = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}

# --- Arabic and Persian (consonant-preserving; short vowels are usually unwritten) --------
ARABIC: Final[dict[str, str]] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "و": "u", "ي": "i", "ى": "a",
    # Persian / Urdu / Pashto letters
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "i", "ۀ": "a", "ە": "a",
    "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh", "ښ": "sh", "ڼ": "n", "ې": "e", "ۍ": "ai",
    "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ھ": "h", "ے": "e",
    # short-vowel marks when a list writes them
    "\u064e": "a", "\u0650": "i", "\u064f": "u", "\u064b": "an", "\u064d": "in", "\u064c": "un",
}
ARABIC_WORD_INITIAL: Final[dict[str, str]] = {"و": "w", "ي": "y", "ی": "y"}

# --- Hangul (McCune-Reischauer-like, no diacritics, as lists write DPRK names) -------------
HANGUL_INITIALS: Final[tuple[str, ...]] = (
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "k",
    "t", "p", "h",
)
HANGUL_MEDIALS: Final[tuple[str, ...]] = (
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
    "we", "wi", "yu", "u", "ui", "i",
)
HANGUL_FINALS: Final[tuple[str, ...]] = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "p", "l", "l", "p", "l", "m",
    "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)

# --- Kana -> Hepburn ----------------------------------------------------------------------
# Katakana only (hiragana is folded to katakana first). Two-character combinations first.
KANA_DIGRAPHS: Final[dict[str, str]] = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
    "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo",
    "リャ": "rya", "リュ": "ryu", "リョ": "ryo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "ジャ": "ja", "ジュ": "ju", "ジョ": "jo", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
    "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo", "ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo",
    # loanword combinations
    "シェ": "she", "ジェ": "je", "チェ": "che", "ティ": "ti", "ディ": "di", "トゥ": "tu",
    "ドゥ": "du", "テュ": "tyu", "デュ": "dyu", "ツァ": "tsa", "ツィ": "tsi", "ツェ": "tse",
    "ツォ": "tso", "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo", "フュ": "fyu",
    "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve",
    "ヴォ": "vo", "ヴュ": "vyu", "イェ": "ye", "クァ": "kwa", "クィ": "kwi", "クェ": "kwe",
    "クォ": "kwo", "グァ": "gwa", "スィ": "si", "ズィ": "zi", "ホゥ": "hu",
}
KANA: Final[dict[str, str]] = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
    "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
    "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
    "ヤ": "ya", "ユ": "yu", "ヨ": "yo",
    "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n",
    "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
    "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
    "ヴ": "vu", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
    "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa", "ヵ": "ka", "ヶ": "ke",
}
# In-script folding of katakana spelling variants (for comparing kana with kana).
KANA_FOLD: Final[dict[str, str]] = {
    "ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ", "ォ": "オ", "ャ": "ヤ", "ュ": "ユ",
    "ョ": "ヨ", "ヮ": "ワ", "ヵ": "カ", "ヶ": "ケ", "ッ": "ツ", "ヴ": "ブ", "ヂ": "ジ",
    "ヅ": "ズ", "ヲ": "オ", "ヱ": "エ", "ヰ": "イ", "ー": "",
}

# fmt: on

# --- Han character variants -----------------------------------------------------------------
# Each group lists a simplified form first, then traditional and Japanese shinjitai variants
# of the same character. Limited to characters common in personal and organisation names
# on export-control lists (place names, industry words, frequent surnames).
HAN_VARIANT_GROUPS: Final[tuple[str, ...]] = tuple(
    """
    国國 学學 会會 东東 华華 电電 机機 业業 术術 发發髮 开開 关關関
    门門 长長 张張 陈陳 刘劉 杨楊 黄黃 赵趙 吴吳 孙孫 郑鄭 马馬 罗羅
    谢謝 韩韓 冯馮 邓鄧 许許 萧蕭 叶葉 苏蘇 卢盧 蒋蔣 贾賈 钱錢 汤湯
    龙龍竜 凤鳳 兴興 贸貿 进進 实實実 体體 医醫 药藥薬 厂廠 图圖図 书書
    经經経 济濟済 产產産 价價価 总總総 导導 弹彈弾 铁鐵鉄 钢鋼 矿礦鉱
    军軍 输輸 运運 联聯 协協 团團団 卫衛 广廣広 湾灣 台臺 区區 县縣県
    对對対 两兩両 万萬 与與 从從従 检檢検 验驗験 证證証 号號 气氣気
    乐樂楽 压壓圧 扩擴拡 独獨 旧舊 欧歐 亚亞亜 际際 货貨 讯訊 设設 计計
    读讀読 语語 论論 应應応 厅廳庁 处處処 转轉転 轮輪 车車 软軟 网網
    络絡 线線 纸紙 组組 织織 结結 统統 给給 维維 续續続 综綜 练練
    继繼継 鲜鮮 鸟鳥 岛島 岭嶺 齐齊斉 传傳伝 亿億 优優 仪儀 侨僑 儿兒児
    党黨 剂劑剤 劳勞労 胜勝 务務 动動 势勢 汇匯 参參 变變変 双雙 员員
    问問 启啟 单單単 营營営 严嚴厳 园園 圆圓円 场場 报報 寿壽 梦夢 宁寧
    宝寶 将將 专專 层層 属屬 冈岡 峡峽 师師 带帶 帮幫 干幹 废廢 强強
    后後 征徵 恒恆 恶惡悪 爱愛 态態 庆慶 忆憶 怀懷 战戰戦 户戶 择擇択
    据據 摄攝 数數 断斷 时時 晋晉 畅暢 历歷曆暦 晓曉暁 条條 来來 极極
    荣榮栄 构構 标標 样樣 桥橋 权權権 残殘 杀殺 满滿満 汉漢 洁潔 泽澤沢
    滨濱浜 灾災 为為 无無 炼煉 热熱 灯燈 争爭 尔爾 状狀 获獲 现現 环環
    画畫 当當 疗療 盘盤 尽盡 众眾衆 础礎 确確 礼禮 种種 称稱 稳穩穏
    竞競 笔筆 节節 范範 筑築 简簡 粤粵 粮糧 纪紀 约約 级級 纳納 纵縱
    红紅 纺紡 绍紹 终終 绿綠緑 编編 缘緣 罚罰 义義 习習 乡鄉郷 买買
    卖賣売 亲親 认認 让讓譲 议議 记記 讲講 评評 识識 诚誠 询詢 调調
    谈談 贝貝 负負 财財 责責 贤賢 质質 贵貴 资資 赛賽 赞贊賛 轨軌
    轻輕軽 载載 辑輯 边邊辺 达達 迁遷 还還 远遠 选選 递遞逓 遗遺 邮郵
    钻鑽 银銀 锋鋒 锡錫 镇鎮 间間 闻聞 阳陽 阴陰 陆陸 险險険 随隨 隶隸
    难難 雾霧 静靜静 顺順 须須 顾顧 顿頓 领領 频頻 题題 额額 风風 飞飛
    饭飯 馆館 驱驅駆 验驗 鱼魚 鲁魯 鹏鵬 麦麥 齿齒歯 龟龜亀 丰豐豊 临臨
    丽麗 举舉挙 乌烏 乔喬 于於 亚亞 产產 亩畝 仑侖 仓倉 们們 众衆 伟偉
    传傳 伤傷 伦倫 余餘 佛仏 侠俠 俭儉倹 债債 倾傾 储儲 兰蘭 关關 养養
    兽獸獣 内內 册冊 农農 冲衝 净淨浄 凉涼 减減 凯凱 击擊撃 创創 则則
    刚剛 剑劍剣 剧劇 办辦 厦廈 县縣 发發 变變 叠疊畳 台颱 吕呂 启啓
    团團 围圍 图圖 圣聖 坚堅 坛壇 垒壘塁 埘塒 堕墮 墙牆 壮壯 声聲声
    处處 备備 复復複 头頭 夹夾 奋奮 妇婦 娄婁 宫宮 宽寬寛 寻尋 尝嘗
    尧堯尭 岁歲歳 岗崗 岚嵐 峰峯 巩鞏 币幣 帅帥 庄莊荘 库庫 应應 庙廟
    庞龐 异異 弥彌弥 归歸帰 录錄録 彻徹 德徳 恋戀恋 总總 惊驚 惯慣
    戏戲戯 执執 扬揚 护護 拥擁 拨撥 择擇 挥揮 损損 换換 掷擲 携攜
    斋齋斎 斗鬥闘 显顯顕 晒曬 朴樸 杂雜雑 权權 村邨 杰傑 松鬆 枪槍 柜櫃
    树樹 档檔 检檢 楼樓楼 欢歡 气氣 沈瀋 沟溝 泪淚 泻瀉 济濟 浅淺浅
    测測 浏瀏 涛濤 润潤 涩澀渋 渊淵 渐漸 温溫 湿濕湿 满滿 滚滾 潜潛
    炉爐炉 点點 烟煙 烧燒焼 爷爺 牵牽 犹猶 狮獅 猎獵猟 献獻献 玛瑪 琼瓊
    监監 盖蓋 码碼 碍礙 祯禎 离離 秘祕 积積 穷窮 窃竊 竖豎 笋筍 筹籌
    签簽籤 类類 紧緊 纤纖繊 纯純 纲綱 细細 绝絕絶 绘繪絵 继繼 续續 缩縮
    群羣 聪聰 肃肅粛 胁脅 脑腦脳 脚腳 脱脫 舰艦 舱艙 艺藝芸 芦蘆 苍蒼
    荣榮 药藥 莱萊 营營 蓝藍 虏虜 虑慮 虚虛 虫蟲 蚀蝕 补補 装裝 观觀観
    规規 视視 览覽覧 觉覺覚 誉譽誉 训訓 讨討 让讓 访訪 证證 诉訴 试試
    诗詩 该該 详詳 误誤 说說説 请請 读讀 课課 谁誰 谋謀 谍諜 谷穀 贡貢
    败敗 账賬 贩販 贯貫 费費 贴貼 贷貸 贺賀 赁賃 赌賭 赏賞 跃躍 践踐践
    转轉 轰轟 较較 辅輔 辆輛 辉輝 边邊 辽遼 过過 这這 违違 连連 迟遲遅
    适適 逊遜 递遞 逻邏 邻鄰隣 郸鄲 酱醬 释釋釈 里裡裏 鉴鑑 针針 钉釘
    钟鐘鍾 铁鐵 铜銅 铝鋁 铸鑄鋳 链鏈 销銷 锁鎖 锅鍋 锐銳鋭 错錯 锦錦
    键鍵 镜鏡 闪閃 闭閉 闲閑 闸閘 阀閥 阁閣 阅閱 队隊 阶階 险險 隐隱隠
    雏雛 雳靂 韦韋 页頁 顶頂 项項 预預 颁頒 颈頸 颖穎 颜顏 饮飲 饰飾
    驰馳 驻駐 驾駕 骑騎 骤驟 鲍鮑 鸡雞鶏 鸣鳴 鸿鴻 鹤鶴 黑黒 齐齊 龙龍
    卷捲巻 沪滬 闽閩 赣贛 黒黑 陕陝
    """.split()  # noqa: SIM905 (a compact table reads better than 500 literals)
)

# --- Sino-Korean readings -------------------------------------------------------------------
# Korean names are written in Han characters in some sources (金正恩 = Kim Jong Un). The
# reading of each character as sanctions lists spell DPRK/ROK names (McCune-Reischauer
# without diacritics, as the DPRK entries of UN/OFAC/EU lists do). Written for this
# project; limited to frequent surname and given-name characters (simplified forms, the
# folded ones, are looked up). A surname may have a second, South Korean spelling.
# fmt: off
KOREAN_SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "金": ("kim",), "李": ("ri", "lee"), "朴": ("pak", "park"), "崔": ("choe", "choi"),
    "郑": ("jong", "jung"), "姜": ("kang",), "赵": ("jo", "cho"), "尹": ("yun", "yoon"),
    "张": ("jang",), "林": ("rim", "lim"), "韩": ("han",), "吴": ("o", "oh"),
    "申": ("sin", "shin"), "徐": ("so", "seo"), "权": ("kwon",), "黄": ("hwang",),
    "安": ("an", "ahn"), "宋": ("song",), "柳": ("ryu", "yu"), "洪": ("hong",),
    "全": ("jon", "jeon"), "高": ("ko",), "文": ("mun", "moon"), "梁": ("ryang", "yang"),
    "孙": ("son",), "裴": ("pae", "bae"), "白": ("paek", "baek"), "许": ("ho", "heo"),
    "南": ("nam",), "沈": ("sim", "shim"), "卢": ("ro", "roh"), "河": ("ha",),
    "丁": ("jong",), "成": ("song",), "车": ("cha",), "具": ("ku", "koo"), "禹": ("u",),
    "朱": ("ju",), "任": ("im",), "罗": ("ra",), "辛": ("sin",), "闵": ("min",),
    "玄": ("hyon",), "方": ("pang",), "太": ("thae", "tae"), "康": ("kang",),
    "延": ("yon",), "廉": ("ryom",), "吉": ("kil",), "明": ("myong",), "池": ("ji",),
    "桂": ("kye",), "元": ("won",), "千": ("chon",), "奇": ("ki",), "石": ("sok",),
    "玉": ("ok",), "卓": ("thak",), "蔡": ("chae",), "边": ("pyon",), "表": ("pyo",),
    "陆": ("ryuk",), "鲁": ("ro",), "马": ("ma",), "孔": ("kong",), "杨": ("yang",),
    "严": ("om",), "刘": ("ryu",), "陈": ("jin",), "周": ("ju",), "曹": ("jo",),
    "秦": ("jin",), "田": ("jon",), "郭": ("kwak",), "俞": ("yu",), "睦": ("mok",),
}
KOREAN_READINGS: Final[dict[str, str]] = {
    **{k: v[0] for k, v in KOREAN_SURNAMES.items()},
    "正": "jong", "日": "il", "恩": "un", "哲": "chol", "男": "nam", "浩": "ho", "秀": "su",
    "英": "yong", "永": "yong", "勇": "yong", "龙": "ryong", "国": "kuk", "光": "kwang",
    "植": "sik", "镐": "ho", "镇": "jin", "进": "jin", "天": "chon", "春": "chun",
    "淑": "suk", "顺": "sun", "姬": "hui", "熙": "hui", "喜": "hui", "贤": "hyon",
    "铉": "hyon", "泰": "thae", "洙": "su", "珠": "ju", "柱": "ju", "珍": "jin",
    "真": "jin", "德": "tok", "善": "son", "仙": "son", "根": "kun", "范": "pom",
    "万": "man", "学": "hak", "鹤": "hak", "虎": "ho", "昌": "chang", "建": "kon",
    "健": "kon", "源": "won", "雄": "ung", "云": "un", "银": "un", "容": "yong",
    "用": "yong", "胜": "sung", "承": "sung", "松": "song", "相": "sang", "尚": "sang",
    "祥": "sang", "道": "to", "东": "tong", "斗": "tu", "一": "il", "逸": "il", "仁": "in",
    "寅": "in", "在": "jae", "载": "jae", "济": "je", "峰": "pong", "奉": "pong",
    "凤": "pong", "秉": "pyong", "炳": "pyong", "民": "min", "敏": "min", "珉": "min",
    "辉": "hwi", "焕": "hwan", "化": "hwa", "花": "hwa", "和": "hwa", "华": "hwa",
    "赫": "hyok", "革": "hyok", "亨": "hyong", "衡": "hyong", "贞": "jong", "廷": "jong",
    "政": "jong", "钟": "jong", "宗": "jong", "俊": "jun", "准": "jun", "峻": "jun",
    "锡": "sok", "硕": "sok", "寿": "su", "守": "su", "修": "su", "水": "su", "彻": "chol",
    "铁": "chol", "忠": "chung", "中": "jung", "仲": "jung", "重": "jung", "星": "song",
    "圣": "song", "诚": "song", "勋": "hun", "薰": "hun", "弘": "hong", "兴": "hung",
    "希": "hui", "女": "nyo", "美": "mi", "爱": "ae", "莲": "ryon", "娟": "yon",
    "妍": "yon", "燕": "yon", "子": "ja", "慈": "ja", "实": "sil", "福": "pok",
    "复": "pok", "良": "ryang", "烈": "ryol", "列": "ryol", "基": "ki", "起": "ki",
    "广": "kwang", "军": "kun", "均": "kyun", "圭": "kyu", "奎": "kyu", "京": "kyong",
    "景": "kyong", "庆": "kyong", "敬": "kyong", "海": "hae", "夏": "ha", "贺": "ha",
    "汉": "han", "翰": "han", "月": "wol", "大": "tae", "泽": "thaek", "宅": "thaek",
    "宇": "u", "雨": "u", "友": "u", "佑": "u", "旭": "uk", "远": "won", "园": "won",
    "允": "yun", "润": "yun", "伦": "ryun", "律": "ryul", "立": "rip", "理": "ri",
    "利": "ri", "丽": "ryo", "吕": "ryo", "麟": "rin", "演": "yon", "然": "yon",
    "渊": "yon", "炼": "ryon", "年": "nyon", "宁": "nyong", "雪": "sol", "世": "se",
    "素": "so", "昭": "so", "小": "so", "苏": "so", "宣": "son", "先": "son", "鲜": "son",
    "皓": "ho", "豪": "ho", "湖": "ho", "好": "ho", "武": "mu", "茂": "mu", "命": "myong",
    "铭": "myong", "模": "mo", "映": "yong", "泳": "yong", "荣": "yong", "应": "ung",
    "隆": "ryung", "思": "sa", "士": "sa", "师": "sa", "史": "sa", "克": "kuk",
    "平": "pyong", "川": "chon", "淳": "sun",
    "纯": "sun", "岩": "am", "岸": "an", "安": "an", "雅": "a", "亚": "a",
    "吉": "kil", "玉": "ok", "成": "song", "明": "myong", "元": "won", "太": "thae",
    "南": "nam", "石": "sok", "金": "kum", "洛": "rak", "乐": "rak", "浚": "jun",
    "炯": "hyong", "锺": "jong", "赞": "chan", "灿": "chan", "昶": "chang",
    "彰": "chang", "勤": "kun", "槿": "kun", "惠": "hye", "慧": "hye",
    "玹": "hyon", "弦": "hyon", "峡": "hyop", "协": "hyop",
}
# fmt: on
