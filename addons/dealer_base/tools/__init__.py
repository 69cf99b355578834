from .chinese_amount import amount_to_chinese_capital
from .schema import set_column_defaults
from .number import format_qty
from .locking import lock_rows
from .xlsx import new_workbook, safe_text
from . import eligibility
from .spreadsheet import SpreadsheetError, read_table
from .params import ParamError, parse_date, parse_id, parse_page, parse_period, parse_quantity
from .chunks import DEFAULT_CHUNK_SIZE, split_ids
from .lang import in_user_language
from .pdf_text import fix_cjk_text_mapping
from .tracking import savepoint_keeping_tracking
