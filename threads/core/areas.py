"""The seven cooperation areas of the founding declaration (January 2016), word for word.

Persian is the original; the English is the rendering in shared/seed. Used by the data
migration that creates them; admins curate them afterwards.
"""

AREAS = [
    {
        "number": 1,
        "slug": "workers-movement",
        "short_fa": "جنبش کارگری",
        "short_en": "The workers' movement",
        "name_fa": "حمایت فعال از جنبش کارگری و تشکلهای مستقل کارگری در ایران و جلب همبستگی بین المللی از این جنبش",
        "name_en": "Active support for the workers' movement and independent workers' organizations in Iran, "
        "and winning international solidarity for it.",
    },
    {
        "number": 2,
        "slug": "social-movements",
        "short_fa": "جنبش‌های اجتماعی",
        "short_en": "Social movements",
        "name_fa": "پشتیبانی از سایر جنبش های اجتماعی مستقل و مترقی در ایران نظیر: زنان، دانشجویان، ملیتهای تحت ستم، "
        "فعالین زیست محیطی، اقلیتهای جنسی و ...",
        "name_en": "Support for the other independent and progressive social movements in Iran: women, students, "
        "oppressed nationalities, environmental activists, sexual minorities, and others.",
    },
    {
        "number": 3,
        "slug": "freedom-and-secularism",
        "short_fa": "آزادی بیان و جدایی دین از دولت",
        "short_en": "Freedom and secularism",
        "name_fa": "دفاع از آزادی بی قید و شرط اندیشه، بیان و تشکل و نیز جدایی کامل دین از دولت",
        "name_en": "Defence of unconditional freedom of thought, expression and organization, "
        "and the complete separation of religion from the state.",
    },
    {
        "number": 4,
        "slug": "against-torture-and-execution",
        "short_fa": "لغو شکنجه و اعدام، دادخواهی",
        "short_en": "Against torture and execution; justice",
        "name_fa": "مبارزه برای لغو کامل مجازات شکنجه و اعدام و دفاع از رهایی همه زندانیان سیاسی و عقیده تی و نیز "
        "دادخواهی از ۳۷ سال جنایات رژیم جمهوری اسلامی بویژه در دهه هولناک شصت",
        "name_en": "The struggle to abolish torture and execution entirely, to free all political prisoners and "
        "prisoners of conscience, and to seek justice for 37 years of the Islamic Republic's crimes, above all "
        "in the terrible 1980s (the 1360s in the Iranian calendar).",
    },
    {
        "number": 5,
        "slug": "revolutionary-overthrow",
        "short_fa": "سرنگونی انقلابی",
        "short_en": "Revolutionary overthrow",
        "name_fa": "حمایت از سرنگونی انقلابی رژیم اسلامی سرمایه داری ایران، بدست طبقه کارگر و توده های زحمتکش، "
        "در حین مخالفت با هر نوع مداخله امپریالیستی و جنگ افروزانه",
        "name_en": "Support for the revolutionary overthrow of the Islamic capitalist regime of Iran by the working "
        "class and the toiling masses, while opposing every kind of imperialist intervention and warmongering.",
    },
    {
        "number": 6,
        "slug": "socialism",
        "short_fa": "دفاع از سوسیالیسم",
        "short_en": "Defence of socialism",
        "name_fa": "دفاع از سوسیالیسم به عنوان تنها آلترناتیو انسانی در مقابل نظام سرمایه داری، نئولیبرالیسم، "
        "گلوبالیزاسیون و همه انواع ارتجاع داخلی، منطقه ای و بین المللی",
        "name_en": "Defence of socialism as the only humane alternative to capitalism, neoliberalism, globalization "
        "and every kind of domestic, regional and international reaction.",
    },
    {
        "number": 7,
        "slug": "movements-in-north-america",
        "short_fa": "جنبش‌ها در کانادا و آمریکا",
        "short_en": "Movements in Canada and the US",
        "name_fa": "مشارکت فعال در جنبشهای کارگری - اجتماعی و ضدامپریالیستی در کانادا و امریکا و ارتباط و همکاری با "
        "اتحادیه های کارگری و نیز تشکلها، فورومها و کارزارهای چپ و مترقی در این منطقه",
        "name_en": "Active participation in the labour, social and anti-imperialist movements in Canada and the US, "
        "and contact and cooperation with trade unions and with left and progressive organizations, forums and "
        "campaigns in the region.",
    },
]
