#!/usr/bin/env python3
"""A marketer's and an administrator's day in the web workspace, in a real Chromium (Debian's chromium and
chromium-driver) driven by Selenium: open a reply template, type a broken tag and see the live check mark its line,
fix it, preview it for a lead (the HTML in a sandboxed frame), save it, see the version, restore the earlier one, ask
which template an email gets, send a test to oneself; then an administrator adds a user and reads the audit list.

Started by Tests/LeadMailCLITests/MarketerBrowserTests.swift against a real `leadmail serve`. Exits 0 when every
step saw what it should; otherwise prints the failed step and the page it was on. Screenshots go to SCREENSHOTS.
"""
import os
import sys

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
except ImportError:
    print("selenium is not installed: run `make test-deps` (pip install selenium)", file=sys.stderr)
    sys.exit(2)

import browser_day  # noqa: E402 - after the check that selenium is there
from browser_day import expect  # noqa: E402

BASE = os.environ["BASE_URL"].rstrip("/")
MARKETER = os.environ["MARKETER"]
ADMIN = os.environ["ADMIN"]
PASSWORD = os.environ["PASSWORD"]
LEAD = os.environ["LEAD_ID"]
TEMPLATE = os.environ.get("TEMPLATE", "web-form.mustache")
ENQUIRY = os.environ["ENQUIRY"]
SHOTS = os.environ.get("SCREENSHOTS")


def main():
    driver = browser_day.start(window="1400,1100")
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

        def sign_in(email):
            driver.get(BASE + "/signin")
            driver.find_element(By.NAME, "email").send_keys(email)
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
            wait_for(lambda: driver.current_url.rstrip("/") == BASE, f"{email} signed in ({driver.current_url})")

        def problems():
            return driver.find_element(By.ID, "problems").text

        step = "sign in as the marketer"
        sign_in(MARKETER)

        step = "open the template"
        driver.find_element(By.LINK_TEXT, "Templates").click()
        wait_for(lambda: driver.find_elements(By.ID, "template-list"), "the templates list opened")
        driver.find_element(By.LINK_TEXT, TEMPLATE).click()
        wait_for(lambda: driver.find_elements(By.ID, "template-form"), "the editor opened")
        text = driver.find_element(By.ID, "template-text")

        step = "type a broken tag: the live check marks its line"
        text.send_keys(Keys.CONTROL, Keys.END)
        text.send_keys("\n{{nme}")
        typed = text.get_attribute("value")
        broken_line = typed[:typed.index("{{nme}")].count("\n") + 1
        try:
            wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, f"#problems li[data-line='{broken_line}']"), "")
        except AssertionError:
            raise AssertionError(f"the live check marks line {broken_line}: {problems()!r}") from None
        expect(f"line {broken_line}" in problems(), f"the line is shown: {problems()!r}")
        shot("template-editor")

        step = "fix it"
        text.send_keys(Keys.BACKSPACE * 7)
        wait_for(lambda: "No problems" in problems(), f"the check is clean again: {problems()!r}")
        text.send_keys("\nP.S. Ask us about our spring offer.")
        wait_for(lambda: "No problems" in problems(), "the addition checks clean")

        step = "preview for a lead"
        form = driver.find_element(By.ID, "template-form")
        form.find_element(By.NAME, "lead").send_keys("L" + LEAD)
        form.find_element(By.CSS_SELECTOR, "button[value='preview']").click()
        wait_for(lambda: driver.find_elements(By.ID, "template-preview"), "the preview is shown")
        preview = driver.find_element(By.ID, "text-preview").text
        expect("spring offer" in preview, f"the preview is of the text being edited: {preview[:300]!r}")
        frames = driver.find_elements(By.ID, "html-preview")
        expect(frames and frames[0].get_attribute("sandbox") == "", "the HTML is in a frame with sandbox=\"\"")
        expect("spring offer" in driver.find_element(By.ID, "template-text").get_attribute("value"),
               "the edited text stays in the editor")
        shot("template-preview")

        step = "save"
        driver.find_element(By.CSS_SELECTOR, "#template-form button[value='save']").click()
        wait_for(lambda: "Saved" in driver.find_element(By.TAG_NAME, "main").text, "the save is confirmed")
        versions = driver.find_element(By.ID, "versions").text
        expect(f"by {MARKETER}" in versions, f"the version names its author: {versions!r}")
        expect("before LeadMail kept versions" in versions, f"the replaced text is a version: {versions!r}")

        step = "restore the earlier version"
        driver.find_elements(By.CSS_SELECTOR, "#versions li a")[-1].click()
        wait_for(lambda: driver.find_elements(By.ID, "restore-form"), "the earlier version is shown")
        driver.find_element(By.CSS_SELECTOR, "#restore-form button").click()
        wait_for(lambda: driver.find_elements(By.ID, "template-form"), "back in the editor")
        expect("spring offer" not in driver.find_element(By.ID, "template-text").get_attribute("value"),
               "the earlier text is current again")

        step = "which template would this email get"
        driver.find_element(By.LINK_TEXT, "All templates").click()
        wait_for(lambda: driver.find_elements(By.ID, "which-form"), "the list opened")
        area = driver.find_element(By.CSS_SELECTOR, "#which-form textarea")
        driver.execute_script("arguments[0].value = arguments[1];", area, ENQUIRY)
        driver.find_element(By.CSS_SELECTOR, "#which-form button").click()
        wait_for(lambda: driver.find_elements(By.ID, "which-result"), "the answer is shown")
        answer = driver.find_element(By.ID, "which-result").text
        expect("web-form" in answer, f"the web form's template answers: {answer!r}")

        step = "send a test to me"
        driver.find_element(By.LINK_TEXT, TEMPLATE).click()
        wait_for(lambda: driver.find_elements(By.ID, "template-form"), "the editor opened again")
        form = driver.find_element(By.ID, "template-form")
        form.find_element(By.NAME, "lead").send_keys(LEAD)
        form.find_element(By.CSS_SELECTOR, "button[value='test']").click()
        wait_for(lambda: f"A test was queued to {MARKETER}" in driver.find_element(By.TAG_NAME, "main").text,
                 "the test is queued")

        step = "sign out; an administrator adds a user"
        driver.find_element(By.CSS_SELECTOR, "form[action='/signout'] button").click()
        sign_in(ADMIN)
        driver.find_element(By.LINK_TEXT, "Users").click()
        wait_for(lambda: driver.find_elements(By.ID, "add-user"), "the users page opened")
        form = driver.find_element(By.ID, "add-user")
        form.find_element(By.NAME, "email").send_keys("nia@acme.example")
        form.find_element(By.NAME, "name").send_keys("Nia Newman")
        Select(form.find_element(By.NAME, "role")).select_by_visible_text("sales")
        form.find_element(By.NAME, "password").send_keys("a long password for nia")
        form.find_element(By.CSS_SELECTOR, "button").click()
        wait_for(lambda: "nia@acme.example" in driver.find_element(By.ID, "user-list").text, "the user is listed")
        shot("users")

        step = "the audit list"
        driver.find_element(By.LINK_TEXT, "Audit").click()
        wait_for(lambda: driver.find_elements(By.ID, "audit-list"), "the audit list opened")
        audit = driver.find_element(By.ID, "audit-list").text
        expect("signed in" in audit and MARKETER in audit, f"the sign-ins are listed: {audit[:500]!r}")
        shot("audit")
        return 0
    except Exception as error:  # noqa: BLE001 - report the step, the error and the page
        try:
            console = "\n".join(entry.get("message", "") for entry in driver.get_log("browser"))
        except Exception:  # noqa: BLE001 - not every driver keeps the console
            console = ""
        print(f"step '{step}' failed: {error}\nat {driver.current_url}\nconsole: {console}\n{driver.page_source[:3000]}",
              file=sys.stderr)
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
