from . import sql
from . import sheet_xml
