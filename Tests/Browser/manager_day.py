#!/usr/bin/env python3
"""A manager's day in the web workspace, in a real Chromium (Debian's chromium and chromium-driver) driven by
Selenium: sign in, open the dashboard, click a bar into the leads list, select leads, mass-assign and tag them,
read the summary, and reassign an overdue lead from the team view.

Started by Tests/LeadMailCLITests/ManagerBrowserTests.swift against a real `leadmail serve`. Nothing is
downloaded. Exits 0 when every step saw what it should; otherwise prints the failed step and the page it was on.
Screenshots go to SCREENSHOTS (dashboard.png, mass-actions.png, team.png).
"""
import os
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
ASSIGN_TO = os.environ.get("ASSIGN_TO", "ben@acme.example")
TAG = os.environ.get("TAG", "expo-follow-up")
OVERDUE_LEAD = os.environ["OVERDUE_LEAD_ID"]
SHOTS = os.environ.get("SCREENSHOTS")


def main():
    driver = browser_day.start(window="1400,1000")
    if driver is None:
        return 2
    step = "start"
    try:
        def shot(name, full=False):
            if not SHOTS:
                return
            os.makedirs(SHOTS, exist_ok=True)
            if full:
                height = driver.execute_script("return document.body.scrollHeight")
                driver.set_window_size(1400, min(max(height + 40, 1000), 4000))
            driver.save_screenshot(os.path.join(SHOTS, name + ".png"))
            if full:
                driver.set_window_size(1400, 1000)

        def wait_for(condition, what):
            browser_day.wait_for(driver, condition, what)

        step = "sign in"
        driver.get(BASE + "/signin")
        driver.find_element(By.NAME, "email").send_keys(EMAIL)
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button").click()
        wait_for(lambda: driver.current_url.rstrip("/") == BASE, f"after sign-in the browser is at {driver.current_url}")

        step = "dashboard"
        driver.find_element(By.LINK_TEXT, "Dashboard").click()
        wait_for(lambda: "/dashboard" in driver.current_url, "the dashboard opened")
        charts = driver.find_elements(By.CSS_SELECTOR, "section.chart")
        expect(len(charts) == 7, f"seven charts, found {len(charts)}")
        expect(driver.find_elements(By.CSS_SELECTOR, "#chart-clicks a.csv"), "link clicks per campaign, with its CSV")
        expect(driver.find_elements(By.CSS_SELECTOR, "#chart-funnel svg.chart"), "the funnel is drawn")
        titles = driver.find_elements(By.CSS_SELECTOR, "#chart-by-source svg a rect title")
        expect(titles, "the by-source chart has linked bars with titles")
        expect(driver.find_elements(By.CSS_SELECTOR, "#chart-funnel table.numbers tbody tr"), "the funnel's table")
        shot("dashboard", full=True)

        step = "click a bar into the list"
        bar = driver.find_element(By.CSS_SELECTOR, "#chart-by-source svg a rect")
        bar.click()
        wait_for(lambda: "/leads?" in driver.current_url, f"the bar opened the leads list ({driver.current_url})")
        expect("source=" in driver.current_url, "the list is filtered by the bar's source")
        boxes = driver.find_elements(By.CSS_SELECTOR, "table.leads input[name='lead']")
        expect(boxes, "the list has rows to select")

        step = "mass assign"
        chosen = [box.get_attribute("value") for box in boxes[:2]]
        for box in boxes[:2]:
            box.click()
        Select(driver.find_element(By.NAME, "do")).select_by_value("assign")
        Select(driver.find_element(By.NAME, "person")).select_by_value(ASSIGN_TO)
        driver.find_element(By.CSS_SELECTOR, "div.mass-actions button").click()
        wait_for(lambda: driver.find_elements(By.ID, "mass-summary"), "the summary of the assignment")
        summary = driver.find_element(By.ID, "mass-summary").text
        expect(f"{len(chosen)} done, 0 refused" in summary, f"the summary says what was done: {summary}")

        step = "mass tag"
        driver.find_element(By.LINK_TEXT, "Back to the list").click()
        wait_for(lambda: driver.find_elements(By.CSS_SELECTOR, "table.leads input[name='lead']"), "back on the list")
        for value in chosen:
            driver.find_element(By.CSS_SELECTOR, f"table.leads input[name='lead'][value='{value}']").click()
        Select(driver.find_element(By.NAME, "do")).select_by_value("tag")
        driver.find_element(By.NAME, "tags").send_keys(TAG)
        shot("mass-actions")
        driver.find_element(By.CSS_SELECTOR, "div.mass-actions button").click()
        wait_for(lambda: driver.find_elements(By.ID, "mass-summary"), "the summary of the tagging")
        summary = driver.find_element(By.ID, "mass-summary").text
        expect(f"{len(chosen)} done, 0 refused" in summary and TAG in summary, f"tagged: {summary}")

        step = "team view"
        driver.find_element(By.LINK_TEXT, "Team").click()
        wait_for(lambda: driver.current_url.endswith("/team"), "the team view opened")
        form = driver.find_element(By.CSS_SELECTOR, f"form.reassign[action='/leads/{OVERDUE_LEAD}/assign']")
        shot("team", full=True)
        owner = form.find_element(By.XPATH, "ancestor::section[@class='person']").get_attribute("id")
        choice = Select(form.find_element(By.NAME, "person"))
        choice.select_by_index(0)
        to = choice.first_selected_option.get_attribute("value")
        expect("person-" + to != owner, "the lead goes to someone else")
        form.find_element(By.TAG_NAME, "button").click()
        WebDriverWait(driver, 15).until(EC.staleness_of(form))
        wait_for(lambda: driver.current_url.endswith("/team") and driver.find_element(By.ID, "person-" + to)
                 .find_elements(By.CSS_SELECTOR, f"form.reassign[action='/leads/{OVERDUE_LEAD}/assign']"),
                 f"back on the team view with the overdue lead under {to}")
        print(f"manager's day: every step passed; selected {','.join(chosen)}; reassigned to {to}")
        return 0
    except Exception as error:  # noqa: BLE001 - report any failure with the page it happened on
        print(f"step '{step}' failed: {error}", file=sys.stderr)
        print(f"at {driver.current_url}:\n{driver.page_source[:3000]}", file=sys.stderr)
        return 1
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
