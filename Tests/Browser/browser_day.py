"""What the browser days (salesperson_day.py, manager_day.py, marketer_day.py) share: Debian's Chromium and
chromedriver under Selenium, headless, and checks that fail with the step's own words.

Nothing is downloaded: Selenium is pointed at /usr/bin/chromium and /usr/bin/chromedriver (CHROMIUM, CHROMEDRIVER).
"""
import os
import sys

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

BROWSER = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def start(window="1400,1000"):
    """A headless Chromium of the given window size, or None (having said what to install) when it is missing."""
    for path in (BROWSER, DRIVER):
        if not os.path.exists(path):
            print(f"{path} is missing: run `make test-deps` (apt-get install chromium chromium-driver)",
                  file=sys.stderr)
            return None
    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={window}",
                     "--disable-gpu", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def wait_for(driver, condition, what):
    """Waits up to 15 s for `condition`. A form post replaces the page: an element found on the old page goes stale
    while the condition reads it, or is not there yet on the new one, and chromedriver can answer a command sent
    while the page loads with an error of its own ("cannot determine loading status"). All mean "not yet", not a
    failure: the condition is asked again until the time is up."""
    try:
        WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(lambda d: condition())
    except Exception:  # noqa: BLE001 - the timeout's own message says nothing useful
        raise AssertionError(what) from None
