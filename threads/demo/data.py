"""Demo content for `manage.py seed_demo`: the founding signatories, named people, and a dozen threads.

Organizations are the six signatories of the January 2016 declaration, names word for word from
shared/seed/declaration-2016.en.md (in the declaration's own, Persian alphabetical, order).
Threads are written as the coalition's debates would read; replies name the post they answer by its
index in the thread (0 is the opening post).
"""

ORGANIZATIONS = [
    {
        "slug": "ila-washington",
        "name_fa": "اتحاد چپ ایرانیان واشنگتن",
        "name_en": "Iranian Left Alliance – Washington",
        "description": "جمعی از فعالین چپ ایرانی در واشنگتن و حومه؛ سمینار، جلسات کتاب‌خوانی و همبستگی با جنبش کارگری.\n\n"
        "Iranian left activists in the Washington area: seminars, reading groups and labour solidarity.",
    },
    {
        "slug": "ila-vancouver",
        "name_fa": "اتحاد چپ ایرانیان ونکوور",
        "name_en": "Iranian Left Alliance – Vancouver",
        "description": "فعالیت در ونکوور برای همبستگی با کارگران ایران، مراسم اول ماه مه و هشت مارس، و همکاری با "
        "اتحادیه‌های محلی.\n\n"
        "Organizing in Vancouver for solidarity with workers in Iran, May Day and March 8 events, and work "
        "with local unions.",
    },
    {
        "slug": "socialist-left-alliance",
        "name_fa": "اتحاد چپ سوسیالیستی ایرانیان",
        "name_en": "Iranian Socialist Left Alliance",
        "description": "اتحادی از سوسیالیست‌های ایرانی در آمریکای شمالی؛ انتشار نشریه و برگزاری بحث‌های نظری.\n\n"
        "An alliance of Iranian socialists in North America; publishes a bulletin and holds theoretical debates.",
    },
    {
        "slug": "left-activists-los-angeles",
        "name_fa": "بخشی از فعالین چپ در لس آنجلس",
        "name_en": "A group of left activists in Los Angeles",
        "description": "جمعی از فعالین چپ در لس آنجلس، فعال در کارزارهای دفاع از زندانیان سیاسی و جنبش‌های محلی.\n\n"
        "Left activists in Los Angeles, active in campaigns for political prisoners and in local movements.",
    },
    {
        "slug": "iranian-leftists-chicago",
        "name_fa": "کمیته ایرانیان چپ- شیکاگو",
        "name_en": "Committee of Iranian Leftists – Chicago",
        "description": "کمیته‌ای در شیکاگو برای پیوند میان چپ ایرانی و جنبش کارگری و ضدجنگ آمریکا.\n\n"
        "A Chicago committee linking the Iranian left with the US labour and anti-war movements.",
    },
    {
        "slug": "1980s-massacre-committee-montreal",
        "name_fa": "کمیته یادمان کشتار زندانیان سیاسی دهه شصت در ایران – مونتریال",
        "name_en": "Committee to Commemorate the Massacre of Political Prisoners in Iran in the 1980s – Montreal",
        "description": "برگزاری یادمان جان‌باختگان دهه شصت و کشتار تابستان ۶۷ و پیگیری دادخواهی.\n\n"
        "Commemorates those killed in the 1980s and in the 1988 massacre, and pursues justice for them.",
    },
]

# username → (display name, email, organization slug or None, role, flags)
USERS = [
    {"username": "alice", "handle": "azadeh", "display_name": "آزاده", "org": "ila-vancouver", "role": "member"},
    {"username": "bob", "handle": "bob-hamidi", "display_name": "Bob Hamidi", "org": "iranian-leftists-chicago", "role": "member"},
    {"username": "rana", "handle": "rana-v", "display_name": "رعنا", "org": "ila-vancouver", "role": "representative"},
    {"username": "kaveh", "handle": "kaveh-m", "display_name": "کاوه", "org": "1980s-massacre-committee-montreal", "role": "member"},
    {"username": "nasrin", "handle": "nasrin-s", "display_name": "Nasrin S.", "org": "socialist-left-alliance", "role": "member"},
    {"username": "mona", "handle": "mona-moderator", "display_name": "مونا", "org": None, "moderator": True},
    {"username": "dave", "handle": "dave-reader", "display_name": "Dave", "org": None},
    {"username": "admin", "handle": "site-admin", "display_name": "Hamgami admin", "org": None, "superuser": True},
]

THREADS = [
    {
        "author": "alice",
        "title": "پیشنهاد برای برگزاری مشترک مراسم اول ماه مه امسال",
        "areas": [1, 7],
        "tags": ["اول ماه مه", "همبستگی کارگری"],
        "body": "رفقا، سلام.\n\n"
        "امسال اولین اول ماه مه پس از انتشار بیانیه‌ی همکاری ماست. پیشنهاد ما در ونکوور این است که به‌جای "
        "شش مراسم کوچک جدا، در هر شهر یک مراسم مشترک با امضای همه‌ی تشکل‌های امضاکننده برگزار کنیم و "
        "یک قطعنامه‌ی مشترک در حمایت از تشکل‌های مستقل کارگری در ایران بخوانیم.\n\n"
        "پیشنهادهای مشخص:\n\n"
        "1. یک متن مشترک کوتاه به فارسی و انگلیسی، تا دو هفته پیش از مراسم.\n"
        "2. دعوت از یک سخنران از اتحادیه‌های محلی (مثلاً از شورای کار شهر).\n"
        "3. شرکت با پلاکاردهای مشترک در راهپیمایی اول ماه مه شهر، نه فقط در سالن خودمان.\n\n"
        "نظرتان چیست؟",
        "replies": [
            {
                "author": "bob",
                "reply_to": 0,
                "body": "موافقم، به‌خصوص با بند ۳. در شیکاگو سال‌هاست که در مراسم هی‌مارکت شرکت می‌کنیم و "
                "همیشه حضور جدا و پراکنده‌ی ما به چشم آمده. فقط یک نکته: متن مشترک باید اسم فعالین کارگری "
                "زندانی را صریحاً بیاورد، نه فقط «کارگران ایران» به‌طور کلی.",
            },
            {
                "author": "kaveh",
                "reply_to": 1,
                "body": "> متن مشترک باید اسم فعالین کارگری زندانی را صریحاً بیاورد\n\n"
                "کاملاً درست است. پیشنهاد می‌کنم فهرست را کمیته‌ی دفاع از زندانیان سیاسی هر شهر به‌روز کند "
                "تا کسی از قلم نیفتد. در مونتریال ما هم برای همین مراسم داوطلب ترجمه هستیم.",
            },
            {
                "author": "rana",
                "reply_to": 0,
                "body": "به‌عنوان نماینده‌ی اتحاد چپ ایرانیان ونکوور: پیش‌نویس متن را تا آخر هفته همین‌جا "
                "می‌گذاریم. هر تشکلی که امضا نمی‌کند، لطفاً دلیلش را هم بنویسد تا در جمع‌بندی بیاید.",
                "on_behalf_of": "ila-vancouver",
            },
        ],
    },
    {
        "author": "bob",
        "title": "Solidarity with the striking sugar cane workers of Haft Tappeh",
        "areas": [1, 7],
        "tags": ["strikes", "Haft Tappeh", "unions"],
        "body": "The Haft Tappeh workers are out again over months of unpaid wages, and their elected "
        "representatives have been summoned to court for it.\n\n"
        "A concrete proposal from Chicago: each of our organizations takes one union local in its city and asks "
        "it to pass a short solidarity motion. We have a contact in the Chicago Teachers Union and one in "
        "SEIU. A motion passed by a local of ten thousand members reaches further than a statement signed "
        "by six of us.\n\n"
        "Who can take Vancouver, Montreal, Washington and Los Angeles?",
        "replies": [
            {
                "author": "nasrin",
                "reply_to": 0,
                "body": "Agreed on the method. One caution: some union officers will want to add a line "
                "about \"human rights in Iran\" that ends up sounding like support for sanctions. We should give "
                "them a ready-made motion text that names the workers' demands (back pay, the right to "
                "organize, no prosecution of their representatives) and nothing else.",
            },
            {
                "author": "alice",
                "reply_to": 0,
                "body": "We can take Vancouver: a friend sits on the labour council's international "
                "solidarity committee. Can someone post the motion text in Persian and English so we all use "
                "the same words?",
            },
            {
                "author": "bob",
                "reply_to": 1,
                "body": "> give them a ready-made motion text that names the workers' demands … and nothing else\n\n"
                "Yes. I'll draft it tonight with exactly those three demands.",
            },
        ],
    },
    {
        "author": "kaveh",
        "title": "کارزار لغو اعدام: لغو کامل یا تمرکز بر اعدام‌های سیاسی؟",
        "areas": [4],
        "tags": ["لغو اعدام"],
        "body": "در جلسه‌ی هماهنگی ماه گذشته بحثی پیش آمد که به نظرم باید این‌جا ادامه پیدا کند.\n\n"
        "بیانیه‌ی ما روشن می‌گوید «لغو کامل مجازات شکنجه و اعدام». با این حال بعضی رفقا پیشنهاد کردند که "
        "کارزار امسال بر اعدام زندانیان سیاسی متمرکز شود، چون جلب حمایت برای آن ساده‌تر است.\n\n"
        "نظر کمیته‌ی ما این است که بیشترین اعدام‌ها در ایران مربوط به پرونده‌های مواد مخدر است، و اعدام‌شدگان "
        "عمدتاً از فقیرترین بخش‌های جامعه‌اند. سکوت درباره‌ی آن‌ها یعنی پذیرفتن منطق حکومت که گویا "
        "بعضی‌ها «مستحق» اعدام‌اند.",
        "replies": [
            {
                "author": "nasrin",
                "reply_to": 0,
                "body": "با اصل حرف موافقم. اما تفاوتی هست میان هدف کارزار و شعار محوری یک آکسیون. می‌شود "
                "خواست لغو کامل را حفظ کرد و در هر آکسیون روی یک پرونده‌ی مشخص کار کرد، چه سیاسی چه غیرسیاسی.",
            },
            {
                "author": "alice",
                "reply_to": 1,
                "body": "پیشنهاد نسرین عملی است. فقط باید در جمع‌بندی ثبت کنیم که «لغو کامل» مورد توافق همه "
                "است و اختلاف فقط بر سر شیوه‌ی کار است، نه بر سر اصل.",
            },
        ],
    },
    {
        "author": "rana",
        "on_behalf_of": "ila-vancouver",
        "title": "فراخوان: یادمان مشترک جان‌باختگان کشتار تابستان ۱۳۶۷",
        "areas": [4],
        "tags": ["کشتار ۶۷", "دادخواهی"],
        "body": "اتحاد چپ ایرانیان ونکوور از همه‌ی تشکل‌های امضاکننده دعوت می‌کند که یادمان امسال "
        "کشتار زندانیان سیاسی در تابستان ۶۷ را به‌طور هماهنگ در همه‌ی شهرها برگزار کنیم.\n\n"
        "- هم‌زمان در یک آخر هفته‌ی شهریور؛\n"
        "- با یک متن مشترک در دفاع از دادخواهی و علیه فراموشی؛\n"
        "- با نمایش نام‌ها و تصاویری که خانواده‌ها برای انتشار در اختیار گذاشته‌اند.\n\n"
        "کمیته‌ی یادمان مونتریال سال‌هاست این کار را می‌کند؛ پیشنهاد می‌کنیم هماهنگی با آن‌ها باشد.",
        "replies": [
            {
                "author": "kaveh",
                "reply_to": 0,
                "body": "از طرف کمیته‌ی مونتریال استقبال می‌کنیم. فهرستی از نام‌ها داریم که خانواده‌ها با "
                "انتشارش موافقت کرده‌اند. خواهش ما فقط این است که هیچ نامی بدون رضایت خانواده منتشر نشود.",
            },
            {
                "author": "bob",
                "reply_to": 1,
                "body": "We'll hold the Chicago event the same weekend, and translate the joint text into "
                "English for the local press.",
            },
        ],
    },
    {
        "author": "nasrin",
        "title": "What does \"complete separation of religion from the state\" commit us to?",
        "areas": [3],
        "tags": ["secularism"],
        "body": "Our declaration says \"the complete separation of religion from the state\". Before we draft "
        "a joint position I would like us to be explicit about what \"complete\" means, because we do not "
        "all mean the same thing:\n\n"
        "- no official religion, no religious law, no religious test for office;\n"
        "- no state funding for religious institutions, and no religious instruction in state schools;\n"
        "- and, some of us would add, a public sphere free of state-imposed religious dress, starting with "
        "the compulsory hijab.\n\n"
        "The difference among us is on a fourth point: whether we also call for restricting religious "
        "symbols worn by public employees, as in the French model. I think we should not.",
        "replies": [
            {
                "author": "kaveh",
                "reply_to": 0,
                "body": "I agree with the first three and with you on the fourth. Our fight is against a "
                "state that forces religion on people; we should not answer it with a state that polices what "
                "people wear in the other direction.",
            },
            {
                "author": "bob",
                "reply_to": 0,
                "body": "Chicago sees it differently: public institutions, including their staff, should "
                "be visibly neutral. But I accept that this is a real difference, not a misunderstanding. Let's "
                "record it as one and draft the joint text on the three points we share.",
            },
            {
                "author": "mona",
                "reply_to": 2,
                "body": "Moderator's note: this is a good example of what the ledger will be for. Three "
                "points of common ground, one difference, each organization's stance on the record.",
            },
        ],
    },
    {
        "author": "alice",
        "title": "هشت مارس: همبستگی با مبارزه‌ی زنان علیه حجاب اجباری و تبعیض در کار",
        "areas": [2, 3],
        "tags": ["هشت مارس", "جنبش زنان"],
        "body": "برای هشت مارس پیشنهاد می‌کنم مراسم مشترک امسال دو محور داشته باشد: مبارزه علیه حجاب "
        "اجباری، و تبعیض علیه زنان کارگر (دستمزد کمتر، قراردادهای موقت، اخراج پس از بارداری).\n\n"
        "اگر فقط درباره‌ی حجاب حرف بزنیم، جریان‌های راست هم پشت همان تریبون می‌ایستند؛ محور دوم است که "
        "صدای ما را از آن‌ها جدا می‌کند.",
        "replies": [
            {
                "author": "nasrin",
                "reply_to": 0,
                "body": "موافقم. پیشنهاد می‌کنم از یکی از فعالین زن کارگری که اخیراً از ایران آمده برای "
                "سخنرانی دعوت کنیم، به‌جای این‌که باز خودمان درباره‌ی آن‌ها حرف بزنیم.",
            },
            {
                "author": "rana",
                "reply_to": 1,
                "body": "ایده‌ی خوبی است. فقط امنیت سخنران و خانواده‌اش در ایران را باید در نظر گرفت: "
                "بدون عکس و فیلم، مگر خودش بخواهد.",
            },
        ],
    },
    {
        "author": "bob",
        "title": "Overthrow without intervention: what do we say about sanctions?",
        "areas": [5],
        "tags": ["sanctions", "anti-war"],
        "body": "Area 5 commits us to the revolutionary overthrow of the regime by the working class and the "
        "toiling masses, while opposing every kind of imperialist intervention. Sanctions test that "
        "sentence.\n\n"
        "Chicago's position: sanctions are a form of intervention. They impoverish workers, strengthen the "
        "regime's smuggling networks and give it an excuse for every shortage. We oppose them outright.\n\n"
        "I know at least one signatory thinks \"targeted\" sanctions on officials are a different matter. "
        "Let's have that out here rather than in the corridor after meetings.",
        "replies": [
            {
                "author": "alice",
                "reply_to": 0,
                "body": "Vancouver agrees that broad economic sanctions must be opposed. On asset freezes "
                "of named officials we have no agreed position yet; some of us see no harm in them, others "
                "think any call on Western governments to act blurs our line.",
            },
            {
                "author": "nasrin",
                "reply_to": 1,
                "body": "> any call on Western governments to act blurs our line\n\n"
                "That is the heart of it. Our appeal is to workers and unions here, not to the State "
                "Department. The Socialist Left Alliance opposes sanctions of every kind for that reason.",
            },
        ],
    },
    {
        "author": "nasrin",
        "title": "پیشنهاد سمینار: تجربه‌ی شوراهای کارگری در انقلاب ۵۷",
        "areas": [6, 1],
        "tags": ["شوراها", "سمینار"],
        "body": "یکی از راه‌های همکاری که در بیانیه آمده، برگزاری سمینار درباره‌ی مسائل مهم سیاسی و نظری "
        "است. پیشنهاد ما یک سمینار آنلاین مشترک درباره‌ی شوراهای کارگری در سال‌های ۵۷ تا ۶۰ است:\n\n"
        "- چرا شوراها در کارخانه‌های نفت و صنایع بزرگ شکل گرفتند؛\n"
        "- چگونه حکومت تازه با «شوراهای اسلامی کار» آن‌ها را مصادره و سرکوب کرد؛\n"
        "- و این تجربه برای بحث امروز ما درباره‌ی سوسیالیسم چه می‌گوید.\n\n"
        "هر تشکل یک سخنران معرفی کند، و اختلاف‌نظرها هم آشکارا گفته شود.",
        "replies": [
            {
                "author": "kaveh",
                "reply_to": 0,
                "body": "بسیاری از جان‌باختگان دهه‌ی شصت خودشان در همین شوراها فعال بودند. کمیته‌ی ما "
                "می‌تواند بخشی درباره‌ی سرنوشت آن فعالین ارائه کند.",
            },
            {
                "author": "bob",
                "reply_to": 0,
                "body": "We'd like an English session too, for comrades from the US left who keep asking "
                "us about exactly this period.",
            },
        ],
    },
    {
        "author": "bob",
        "title": "Joining the Fight for $15 and local labour campaigns",
        "areas": [7],
        "tags": ["labour", "Fight for $15"],
        "body": "Area 7 asks us to take an active part in the labour movement here, not only to ask it for "
        "solidarity with Iran. Several of us work low-wage jobs ourselves.\n\n"
        "Proposal: our members join the Fight for $15 actions in Chicago and Los Angeles as a visible "
        "contingent, with our own banner, and Canadian members do the same with the $15 and Fairness "
        "campaign. Solidarity that only runs one way does not last.",
        "replies": [
            {
                "author": "alice",
                "reply_to": 0,
                "body": "Strongly agree. In Vancouver the same unions we ask for Haft Tappeh motions are "
                "running the $15 campaign; showing up for theirs is the least we can do.",
            },
        ],
    },
    {
        "author": "rana",
        "visibility": "members",
        "title": "شیوه‌ی تصمیم‌گیری در هماهنگی مشترک: اجماع یا اکثریت؟",
        "areas": [1, 2, 3, 4, 5, 6, 7],
        "tags": ["شیوه‌ی کار"],
        "body": "این بحث فقط برای اعضای تشکل‌هاست.\n\n"
        "در شش ماه گذشته دو بار بیانیه‌ی مشترک به‌خاطر مخالفت یک تشکل منتشر نشد. پرسش این است: آیا "
        "بیانیه‌های مشترک باید با اجماع باشند، یا با اکثریت و با حق هر تشکل برای امضا نکردن؟\n\n"
        "نظر ما: اجماع برای بیانیه‌هایی که به نام «همه» منتشر می‌شوند، و امکان بیانیه با امضای بخشی از "
        "تشکل‌ها، به شرط این‌که فهرست امضاکنندگان دقیق باشد.",
        "replies": [
            {
                "author": "kaveh",
                "reply_to": 0,
                "body": "موافقم. اما مهلت هم لازم است: اگر تشکلی ظرف یک هفته نظر نداد، بیانیه با امضای "
                "دیگران منتشر شود.",
            },
            {
                "author": "bob",
                "reply_to": 1,
                "body": "A week is fine for statements; for urgent ones (an execution announced for "
                "tomorrow) we need 24 hours. Let's write both into the working rules.",
            },
            {
                "author": "nasrin",
                "reply_to": 2,
                "body": "موافق با هر دو مهلت. پیشنهاد می‌کنم این را در جمع‌بندی شش‌ماهه بیاوریم.",
            },
        ],
    },
    {
        "author": "kaveh",
        "visibility": "members",
        "title": "Protecting our contacts inside Iran when we publish",
        "areas": [4, 1],
        "tags": ["security"],
        "body": "Members only, for obvious reasons.\n\n"
        "Twice this year a statement of ours quoted a worker or a prisoner's relative closely enough that "
        "they could be identified. Proposed rules for everything we publish together:\n\n"
        "1. No name, town, workplace or date that identifies a source inside Iran, unless they ask us to "
        "name them.\n"
        "2. Messages from inside go through Signal only, with disappearing messages on.\n"
        "3. One person per organization decides what may be published from such a message.",
        "replies": [
            {
                "author": "rana",
                "reply_to": 0,
                "body": "Vancouver agrees to all three. On point 3, the representative should name that "
                "person to the others so we know whom to ask.",
            },
            {
                "author": "mona",
                "reply_to": 0,
                "body": "For this forum: never paste such a message here, even in members-only threads. "
                "Summarize it in your own words.",
            },
        ],
    },
    {
        "author": "alice",
        "title": "همبستگی با معلمان زندانی و تشکل‌های صنفی معلمان",
        "areas": [1, 2],
        "tags": ["معلمان", "زندانیان سیاسی"],
        "body": "فعالین صنفی معلمان بار دیگر به‌خاطر تلاش برای تشکل مستقل و اعتراض به دستمزدهای زیر خط فقر "
        "بازداشت و محکوم شده‌اند.\n\n"
        "پیشنهاد: نامه‌ای مشترک به اتحادیه‌های معلمان در کانادا و آمریکا (مثل BCTF و CTU) بفرستیم و از آن‌ها "
        "بخواهیم از آموزش بین‌الملل (Education International) بخواهند موضوع را پیگیری کند.",
        "replies": [
            {
                "author": "bob",
                "reply_to": 0,
                "body": "CTU will listen; they have done it before for teachers in other countries. I'll "
                "bring the letter to our contact there once we have the text.",
            },
            {
                "author": "kaveh",
                "reply_to": 0,
                "body": "در مونتریال با فدراسیون معلمان کبک تماس داریم و نامه را به فرانسوی هم ترجمه می‌کنیم.",
            },
        ],
    },
]
