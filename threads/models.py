"""Every model of the `threads` app, gathered for Django's app registry (the app label stays `threads`).

Code inside `threads/` imports models from their own package (`threads.core.models`,
`threads.debates.models`, …); this module sits above them all and is for Django, the admin and tests.
"""

from threads.core.models import *  # noqa: F401,F403
from threads.debates.models import *  # noqa: F401,F403
from threads.following.models import *  # noqa: F401,F403
from threads.joint.models import *  # noqa: F401,F403
from threads.moderation.models import *  # noqa: F401,F403
from threads.records.models import *  # noqa: F401,F403
from threads.translations.models import *  # noqa: F401,F403
