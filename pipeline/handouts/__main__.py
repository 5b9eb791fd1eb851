import sys

from pipeline.handouts import main

sys.exit(main())
