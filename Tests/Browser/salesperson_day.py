#!/usr/bin/env python3
"""A salesperson's day in the web workspace, in a real Chromium (Debian's chromium and chromium-driver) driven by
Selenium: sign in, open My work, open a lead, read a follow-up's text, log a call, write to the lead from a
template (rendered for the lead, previewed, sent through the outbox), drag the lead on the pipeline.

Started by Tests/LeadMailCLITests/BrowserTests.swift against a real `leadmail serve`. Nothing is downloaded:
Selenium is pointed at /usr/bin/chromium and /usr/bin/chromedriver. Exits 0 when every step saw what it should;
otherwise prints the failed step and the page it was on. Screenshots of each page go to SCREENSHOTS.
"""
import os
import re
import sys

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("selenium is not installed: run `make test-deps` (pip install selenium)", file=sys.stderr)
    sys.exit(2)

import browser_day  # noqa: E402 - after the check that selenium is there
from browser_day import expect  # noqa: E402

BASE = os.environ["BASE_URL"].rstrip("/")
EMAIL = os.environ["EMAIL"]
PASSWORD = os.environ["PASSWORD"]
LEAD = os.environ["LEAD_ID"]
FOLLOW_UP = os.environ["FOLLOW_UP_TEXT"]
TEMPLATE = os.environ.get("TEMPLATE", "quote-request")
LETTER_WORDS = os.environ.get("LETTER_WORDS", "Hi Jo,")
SHOTS = os.environ.get("SCREENSHOTS")


def main():
    driver = browser_day.start(window="1400,1000")
    if driver is None:
        return 2
    step = "start"
    try:
        def shot(name):
            if SHOTS:
                os.makedirs(SHOTS, exist_ok=True)
                driver.save_screenshot(os.path.join(SHOTS, name + ".png"))

        def wait_for(condition, what):
            browser_day.wait_for(driver, condition, what)

        step = "sign in"
        driver.get(BASE + "/signin")
        shot("signin")
        driver.find_element(By.NAME, "email").send_keys(EMAIL)
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
        wait_for(lambda: driver.current_url.rstrip("/") == BASE, f"after sign-in the browser is at {driver.current_url}")

        step = "my work"
        expect("My work" in driver.find_element(By.TAG_NAME, "h1").text, "My work is the landing page")
        heading = driver.find_element(By.CSS_SELECTOR, "#tasks h2").text
        expect(re.search(r"\d+ overdue · \d+ today", heading), f"My work counts its tasks in the heading ({heading})")
        shot("my-work")
        links = driver.find_elements(By.CSS_SELECTOR, f"a[href='/leads/{LEAD}']")
        expect(links, f"lead {LEAD} is on My work")

        step = "open the lead"
        links[0].click()
        wait_for(lambda: driver.current_url.endswith(f"/leads/{LEAD}"), f"the lead page opened ({driver.current_url})")
        timeline = driver.find_element(By.CSS_SELECTOR, "section.timeline").text
        expect(FOLLOW_UP in timeline, "the follow-up's text is on the lead page")
        shot("lead")

        step = "log a call"
        form = driver.find_element(By.ID, "log-call")
        form.find_element(By.NAME, "text").send_keys("Called the buyer: wants a quote by Friday")
        form.find_element(By.TAG_NAME, "button").click()
        WebDriverWait(driver, 15).until(EC.staleness_of(form))
        wait_for(lambda: "call: Called the buyer: wants a quote by Friday"
                 in driver.find_element(By.CSS_SELECTOR, "section.timeline").text, "the call is in the timeline")

        step = "write to the lead from a template"
        form = driver.find_element(By.ID, "write-to-lead")
        Select(form.find_element(By.NAME, "template")).select_by_visible_text(TEMPLATE)
        form.find_element(By.TAG_NAME, "button").click()
        wait_for(lambda: "/write" in driver.current_url and driver.find_elements(By.ID, "write-letter"),
                 "the letter page opened")
        letter = driver.find_element(By.ID, "write-letter")
        text = letter.find_element(By.NAME, "text").get_attribute("value")
        expect(LETTER_WORDS in text, f"the template is rendered for the lead: {text[:300]!r}")
        letter.find_element(By.NAME, "text").send_keys("\nP.S. The datasheet for the stainless model is attached.")
        shot("write")
        letter.find_element(By.CSS_SELECTOR, "button[value='preview']").click()
        wait_for(lambda: driver.find_elements(By.ID, "letter-preview"), "the preview is shown")
        preview = driver.find_element(By.ID, "letter-preview").text
        expect("P.S. The datasheet" in preview and f"[#L{LEAD}]" in preview, f"the preview is the mail: {preview}")
        shot("write-preview")
        driver.find_element(By.CSS_SELECTOR, "#write-letter button[value='send']").click()
        wait_for(lambda: driver.current_url.split("#")[0].endswith(f"/leads/{LEAD}"), "back on the lead page")
        wait_for(lambda: "Letter from us" in driver.find_element(By.CSS_SELECTOR, "section.timeline").text,
                 "the letter is on the timeline")

        step = "leads list"
        driver.find_element(By.LINK_TEXT, "Leads").click()
        wait_for(lambda: driver.current_url.endswith("/leads"), "the leads list opened")
        expect(driver.find_elements(By.CSS_SELECTOR, "table.leads tbody tr"), "the leads list has rows")
        shot("leads")

        step = "pipeline"
        driver.find_element(By.LINK_TEXT, "Pipeline").click()
        wait_for(lambda: driver.current_url.endswith("/pipeline"), "the pipeline opened")
        shot("pipeline")
        # Drag and drop as the browser does it (HTML5 drag events with a DataTransfer): WebDriver's own drag does
        # not fire them. The card's form is filled in and sent by our script.
        drag = """
            const [card, column] = arguments;
            const data = new DataTransfer();
            for (const [target, type] of [[card, 'dragstart'], [column, 'dragover'], [column, 'drop'],
                                          [card, 'dragend']]) {
                target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
            }
        """
        card = driver.find_element(By.ID, f"card-{LEAD}")
        expect(card.get_attribute("draggable") == "true", "a card that may move is draggable")
        column = driver.find_element(By.CSS_SELECTOR, "section.column[data-status='qualified']")
        driver.execute_script(drag, card, column)
        wait_for(lambda: driver.find_elements(
            By.CSS_SELECTOR, f"section.column[data-status='qualified'] #card-{LEAD}"),
            "the card is in the qualified column after dragging it there")

        step = "pipeline: converting asks for the value"
        card = driver.find_element(By.ID, f"card-{LEAD}")
        converted = driver.find_element(By.CSS_SELECTOR, "section.column[data-status='converted']")
        driver.execute_script(drag, card, converted)
        value = card.find_element(By.NAME, "value")
        expect(value.is_displayed() and driver.switch_to.active_element == value,
               "dropping on converted shows the value field and waits")
        expect(driver.find_elements(By.CSS_SELECTOR, f"section.column[data-status='qualified'] #card-{LEAD}"),
               "nothing is sent before the value is given")
        shot("pipeline-moved")
        print("salesperson's day: every step passed")
        return 0
    except Exception as error:  # noqa: BLE001 - report any failure with the page it happened on
        print(f"step '{step}' failed: {error}", file=sys.stderr)
        print(f"at {driver.current_url}:\n{driver.page_source[:3000]}", file=sys.stderr)
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
