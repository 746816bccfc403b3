package dev.proverstaking.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) driven by Selenium, against {@code serve --dev} of the packaged jar
 * started as a separate process on a free loopback port, as a person would use them. One node and
 * one browser for the whole class (the steps build on each other, in order): what the page shows
 * is compared with what the node answers over HTTP, to the unit. Screenshots of every page at
 * desktop and phone width go to {@code target/dashboard-screenshots/}.
 *
 * <p>It fails, not skips, where Chromium is missing: {@code .ci/run} installs it.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    static final ObjectMapper JSON = new ObjectMapper();
    static final BigInteger E18 = BigInteger.TEN.pow(18);
    // the dev accounts of node-api.md
    static final String DEV0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    static final String DEV1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    static final String DEV2 = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

    static Path dir;
    static Process node;
    static String url;
    static ChromeDriver browser;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        assertThat(new File(CHROMIUM)).as("headless Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does)").exists();
        assertThat(new File(CHROMEDRIVER)).as("chromedriver is needed: apt-get install -y chromium-driver (.ci/run does)").exists();
        dir = Files.createTempDirectory("dashboard-it");
        int port = ServeIT.freePort();
        url = "http://127.0.0.1:" + port;
        node = ServeIT.serve(dir.resolve("serve.log"), "--dev", "--http", "127.0.0.1:" + port);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) browser.quit();
        } finally {
            if (node != null) {
                node.destroy(); // SIGTERM to the node this class started, and to no other process
                if (!node.waitFor(30, TimeUnit.SECONDS)) node.destroyForcibly();
            }
        }
    }

    // ==================================================================== the scenario, in order

    @Test
    @Order(1)
    void theOverviewShowsTheNodesNumbers() throws Exception {
        browser.get(url + "/");
        waitForPage("overview");
        JsonNode ov = get("/v1/overview");
        assertThat(raw("totalStaked")).isEqualTo(ov.get("totalStaked").asText());
        assertThat(text("proverCount")).isEqualTo(ov.get("proverCount").asText());
        assertThat(raw("unstakeDelay")).isEqualTo("604800");
        assertThat(text("unstakeDelay")).isEqualTo("7 d 0 h 0 min 0 s");
        assertThat(text("globalMinSelfStake")).isEqualTo("1 STAKE");
        assertThat(text("supplyStake")).isEqualTo("10,000,000 STAKE");
        waitUntil("live updates on", () -> browser.findElement(By.id("live")).getText().equals("Live updates: on"));
    }

    @Test
    @Order(2)
    void aDevAccountRegistersAsAProverThroughThePage() throws Exception {
        useDevAccount(1);
        form("f-init", "minSelfStake", "100", "commission", "5");
        submit("f-init");
        expectOk();
        JsonNode p = get("/v1/provers/" + DEV1);
        assertThat(p.get("state").asText()).isEqualTo("Active");
        assertThat(p.get("commissionRate").asInt()).isEqualTo(500);
        assertThat(p.get("minSelfStake").asText()).isEqualTo(tokens("100"));
        waitUntil("the page shows the prover", () -> exists("proverState") && text("proverState").equals("Active"));
        assertThat(text("proverCommission")).isEqualTo("5%");
        assertThat(text("proverTotalStaked")).isEqualTo("100 STAKE");
    }

    @Test
    @Order(3)
    void aSecondAccountStakesWithItThroughThePage() throws Exception {
        useDevAccount(2);
        form("f-stake", "prover", DEV1, "amount", "250.5");
        submit("f-stake");
        expectOk();
        JsonNode s = get("/v1/stakes/" + DEV1 + "/" + DEV2);
        assertThat(s.get("amount").asText()).isEqualTo(tokens("250.5"));
        waitUntil("the position", () -> !browser.findElements(positionCell(DEV1, "amount")).isEmpty());
        assertThat(stable(() -> browser.findElement(positionCell(DEV1, "amount")).getText())).isEqualTo("250.5 STAKE");
        assertAccountMatchesNode(DEV2);
    }

    @Test
    @Order(4)
    void rewardsAddedByAScriptAppearWithoutAReloadAndAreWithdrawn() throws Exception {
        browser.executeScript("window.__noReload = 'still here';");
        ServeIT.Run add = ServeIT.run(dir, 60, "tx", "addRewards", "--dev", "0", "--node", url, "prover=dev:1", "amount=40");
        assertThat(add.status()).as(add.out()).isZero();
        String owed = get("/v1/stakes/" + DEV1 + "/" + DEV2).get("withdrawable").asText();
        assertThat(new BigInteger(owed)).isPositive();
        // the event stream brings it: the page updates in place
        waitUntil("the pending rewards on the page", () -> owed.equals(browser.findElement(positionCell(DEV1, "withdrawable")).getAttribute("data-raw")));
        assertThat(stable(() -> browser.findElement(positionCell(DEV1, "withdrawable")).getText())).isEqualTo(units(new BigInteger(owed)) + " REWARD");
        assertThat(browser.executeScript("return window.__noReload")).isEqualTo("still here");

        BigInteger before = new BigInteger(get("/v1/accounts/" + DEV2).get("balances").get("reward").asText());
        stable(() -> browser.findElement(By.cssSelector("tr[data-prover='" + DEV1 + "'] button[data-op='withdrawRewards']")).click());
        expectOk();
        BigInteger after = new BigInteger(get("/v1/accounts/" + DEV2).get("balances").get("reward").asText());
        assertThat(after.subtract(before)).isEqualTo(new BigInteger(owed));
        waitUntil("the balance on the page", () -> raw("balanceReward").equals(after.toString()));
        assertThat(raw("withdrawable")).isEqualTo("0");
        assertAccountMatchesNode(DEV2);
    }

    @Test
    @Order(5)
    void anUnstakeRequestShowsItsCountdown() throws Exception {
        form("f-unstake", "prover", DEV1, "amount", "50");
        submit("f-unstake");
        expectOk();
        JsonNode s = get("/v1/stakes/" + DEV1 + "/" + DEV2);
        assertThat(s.get("amount").asText()).isEqualTo(tokens("200.5"));
        String pending = s.get("pendingUnstakes").get(0).get("amount").asText();
        assertThat(pending).isEqualTo(tokens("50"));
        waitUntil("the pending unstake", () -> exists("pendingUnstake"));
        assertThat(raw("pendingUnstake")).isEqualTo(pending);
        String first = text("pendingUnstake");
        assertThat(first).matches("50 STAKE: ready in (6 d 23 h|7 d 0 h) \\d+ min \\d+ s");
        waitUntil("the countdown to move", () -> !browser.findElement(By.cssSelector("[data-field='pendingUnstake']")).getText().equals(first));
        assertThat(stable(() -> browser.findElement(By.cssSelector("tr[data-prover='" + DEV1 + "'] button[data-op='completeUnstake']")).isEnabled())).isFalse();
        assertAccountMatchesNode(DEV2);
    }

    @Test
    @Order(6)
    void aRefusedStakeIsExplainedAndChangesNothing() throws Exception {
        JsonNode account = get("/v1/accounts/" + DEV2);
        JsonNode stakes = get("/v1/accounts/" + DEV2 + "/stakes");
        // typed wrong: not sent at all
        form("f-stake", "prover", DEV1, "amount", "12.5.1");
        submit("f-stake");
        waitUntil("the input's message", () -> outcome().getAttribute("data-outcome").equals("invalid"));
        assertThat(outcome().getText()).contains("is not an amount");
        assertThat(get("/v1/accounts/" + DEV2).get("nonce").asLong()).isEqualTo(account.get("nonce").asLong());
        // more than the balance: the ledger refuses it, the page says what it means and what to do
        form("f-stake", "prover", DEV1, "amount", "2000000");
        submit("f-stake");
        waitUntil("the refusal", () -> outcome().getAttribute("data-outcome").equals("refused"));
        WebElement refusal = outcome();
        assertThat(refusal.getAttribute("data-code")).isEqualTo("InsufficientBalance");
        assertThat(refusal.getText()).contains("Refused: InsufficientBalance", "Your token balance is too low for this.", "Enter at most your balance");
        JsonNode afterAccount = get("/v1/accounts/" + DEV2);
        assertThat(afterAccount.get("balances")).isEqualTo(account.get("balances"));
        assertThat(afterAccount.get("nonce").asLong()).isEqualTo(account.get("nonce").asLong() + 1); // logged, as on Ethereum
        assertThat(get("/v1/accounts/" + DEV2 + "/stakes")).isEqualTo(stakes);
        assertAccountMatchesNode(DEV2);
    }

    @Test
    @Order(7)
    void theProverChangesItsCommissionAndItsPageShowsItsHistoryAndStakers() throws Exception {
        useDevAccount(1);
        form("f-commission", "commission", "7.5");
        submit("f-commission");
        expectOk();
        assertThat(get("/v1/provers/" + DEV1).get("commissionRate").asInt()).isEqualTo(750);
        shoot("account");

        browser.get(url + "/#/provers/" + DEV1);
        waitForPage("prover");
        JsonNode p = get("/v1/provers/" + DEV1);
        assertThat(text("state")).isEqualTo("Active");
        assertThat(text("commission")).isEqualTo("7.5%");
        assertThat(raw("totalStaked")).isEqualTo(p.get("totalStaked").asText());
        assertThat(raw("pendingCommission")).isEqualTo(p.get("pendingCommission").asText());
        String staked = get("/v1/stakes/" + DEV1 + "/" + DEV2).get("amount").asText();
        stable(() -> {
            assertThat(browser.findElements(By.cssSelector("#stakers tbody tr[data-staker]"))).hasSize(2);
            WebElement staker = browser.findElement(By.cssSelector("#stakers tr[data-staker='" + DEV2 + "'] [data-field='amount']"));
            assertThat(staker.getAttribute("data-raw")).isEqualTo(staked);
        });
        assertThat(stable(() -> browser.findElement(By.id("history")).getText())).contains("Commission changed from 5% to 7.5%", "Registered with minimum self-stake 100 STAKE and commission 5%");
        shoot("prover");
    }

    @Test
    @Order(8)
    void theProversTableAndTheOverviewEqualTheNodesReads() throws Exception {
        // a second prover by a script, seen live on the provers page
        browser.get(url + "/#/provers");
        waitForPage("provers");
        assertThat(browser.findElements(By.cssSelector("#provers tbody tr[data-prover]"))).hasSize(1);
        ServeIT.Run init = ServeIT.run(dir, 60, "tx", "initProver", "--dev", "3", "--node", url, "minSelfStake=1000", "commissionRate=0");
        assertThat(init.status()).as(init.out()).isZero();
        waitUntil("the new prover, live", () -> browser.findElements(By.cssSelector("#provers tbody tr[data-prover]")).size() == 2);
        // sorted by total stake, largest first (the default), then ascending by a click
        stable(() -> assertThat(browser.findElements(By.cssSelector("#provers tbody tr[data-prover]")).get(0).getAttribute("data-prover"))
                .isEqualTo("0x90f79bf6eb2c4f870365e785982e1f101e93b906"));
        stable(() -> browser.findElement(By.cssSelector("button[data-sort='totalStaked']")).click());
        JsonNode p1 = get("/v1/provers/" + DEV1);
        stable(() -> {
            WebElement row = browser.findElements(By.cssSelector("#provers tbody tr[data-prover]")).get(0);
            assertThat(row.getAttribute("data-prover")).isEqualTo(DEV1);
            assertThat(row.findElement(By.cssSelector("[data-field='state']")).getText()).isEqualTo("Active");
            assertThat(row.findElement(By.cssSelector("[data-field='commission']")).getText()).isEqualTo("7.5%");
            assertThat(row.findElement(By.cssSelector("[data-field='totalStaked']")).getAttribute("data-raw")).isEqualTo(p1.get("totalStaked").asText());
            assertThat(row.findElement(By.cssSelector("[data-field='selfEffectiveStake']")).getAttribute("data-raw")).isEqualTo(p1.get("selfEffectiveStake").asText());
            assertThat(row.findElement(By.cssSelector("[data-field='stakerCount']")).getText()).isEqualTo(p1.get("stakerCount").asText());
            assertThat(row.findElement(By.cssSelector("[data-field='yield']")).getText()).isEqualTo("0% a year"); // no emission yet
        });
        shoot("provers");

        // emission funded and started by a script: the yield is the rate over the active stake, after commission
        assertThat(ServeIT.run(dir, 60, "tx", "fundEmission", "--dev", "0", "--node", url, "amount=100000").status()).isZero();
        assertThat(ServeIT.run(dir, 60, "tx", "setEmissionRate", "--dev", "0", "--node", url, "ratePerSecond=0.001").status()).isZero();
        JsonNode em = get("/v1/emission");
        double expected = 0.001 * 365 * 24 * 3600 / new BigDecimal(em.get("totalWeight").asText()).movePointLeft(18).doubleValue() * (1 - 0.075) * 100;
        waitUntil("the yield, live", () -> !browser.findElement(By.cssSelector("tr[data-prover='" + DEV1 + "'] [data-field='yield']")).getText().equals("0% a year"));
        String yield = stable(() -> browser.findElement(By.cssSelector("tr[data-prover='" + DEV1 + "'] [data-field='yield']")).getText());
        assertThat(Double.parseDouble(yield.replace("% a year", "").replace(",", ""))).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));

        browser.get(url + "/");
        waitForPage("overview");
        JsonNode ov = get("/v1/overview");
        JsonNode stats = get("/v1/stats");
        waitUntil("the overview at the node's index", () -> text("index").equals(ov.get("index").asText()));
        for (String f : new String[] {"totalStaked", "activeStake", "totalPendingUnstake", "stakingTreasuryPool", "rewardsTreasuryPool"}) {
            assertThat(raw(f)).as(f).isEqualTo(ov.get(f).asText());
        }
        assertThat(raw("ratePerSecond")).isEqualTo(ov.get("emission").get("ratePerSecond").asText()).isEqualTo(tokens("0.001"));
        assertThat(raw("budget")).isEqualTo(ov.get("emission").get("budget").asText());
        assertThat(text("stakerPositions")).isEqualTo(ov.get("stakerPositions").asText()).isEqualTo("3");
        assertThat(text("proversByState")).isEqualTo("Active 2, Retired 0, Deactivated 0");
        assertThat(raw("distributed")).isEqualTo(stats.get("totals").get("distributed").asText()).isEqualTo(tokens("40"));
        assertThat(raw("paid")).isEqualTo(stats.get("totals").get("paid").asText());
        assertThat(text("paid")).isEqualTo(units(new BigInteger(stats.get("totals").get("paid").asText())) + " REWARD");
        // the charts have one point per time the totals changed
        assertThat(stable(() -> browser.findElement(By.id("ch-stake")).getAttribute("data-points"))).isEqualTo(String.valueOf(stats.get("series").size()));
        shoot("overview");
    }

    // ==================================================================== page helpers

    private static void useDevAccount(int i) {
        browser.get(url + "/#/account");
        waitUntil("the account page", () -> "account".equals(browser.findElement(By.tagName("body")).getAttribute("data-page"))
                && !browser.findElements(By.id("dev-account")).isEmpty());
        browser.findElement(By.cssSelector("#dev-account option[value='" + i + "']")).click();
        browser.findElement(By.id("use-dev")).click();
        waitUntil("signing as dev " + i, () -> browser.findElement(By.id("signer")).getText().contains("(dev account " + i + ")")
                && !browser.findElements(By.cssSelector("[data-field='nonce']")).isEmpty());
    }

    private static void form(String id, String... fieldsAndValues) {
        for (int k = 0; k < fieldsAndValues.length; k += 2) {
            WebElement input = browser.findElement(By.cssSelector("#" + id + " [name='" + fieldsAndValues[k] + "']"));
            input.clear();
            input.sendKeys(fieldsAndValues[k + 1]);
        }
    }

    private static void submit(String id) {
        browser.executeScript("document.getElementById('ac-outcome').innerHTML = ''");
        browser.findElement(By.cssSelector("#" + id + " button.primary")).click();
    }

    private static WebElement outcome() {
        return browser.findElement(By.cssSelector("#ac-outcome .outcome"));
    }

    private static void expectOk() {
        waitUntil("an outcome", () -> {
            List<WebElement> o = browser.findElements(By.cssSelector("#ac-outcome .outcome"));
            return !o.isEmpty() && !"pending".equals(o.get(0).getAttribute("data-outcome"));
        });
        assertThat(outcome().getAttribute("data-outcome")).as(outcome().getText()).isEqualTo("ok");
    }

    private static By positionCell(String prover, String field) {
        return By.cssSelector("#positions tr[data-prover='" + prover + "'] [data-field='" + field + "']");
    }

    /** The account's balances, nonce and positions on the page equal the node's. */
    private static void assertAccountMatchesNode(String address) throws Exception {
        JsonNode a = get("/v1/accounts/" + address);
        waitUntil("the page at the node's nonce", () -> text("nonce").equals(a.get("nonce").asText()));
        assertThat(raw("balanceStake")).isEqualTo(a.get("balances").get("stake").asText());
        assertThat(raw("balanceReward")).isEqualTo(a.get("balances").get("reward").asText());
        assertThat(text("balanceStake")).isEqualTo(units(new BigInteger(a.get("balances").get("stake").asText())) + " STAKE");
        for (JsonNode s : get("/v1/accounts/" + address + "/stakes").get("stakes")) {
            String p = s.get("prover").asText();
            assertThat(stable(() -> browser.findElement(positionCell(p, "amount")).getAttribute("data-raw"))).isEqualTo(s.get("amount").asText());
            assertThat(stable(() -> browser.findElement(positionCell(p, "withdrawable")).getAttribute("data-raw"))).isEqualTo(s.get("withdrawable").asText());
        }
    }

    private static void waitForPage(String page) {
        waitUntil("page " + page, () -> page.equals(browser.findElement(By.tagName("body")).getAttribute("data-page")));
    }

    private static boolean exists(String field) {
        return !browser.findElements(By.cssSelector("[data-field='" + field + "']")).isEmpty();
    }

    private static String text(String field) {
        return stable(() -> browser.findElement(By.cssSelector("[data-field='" + field + "']")).getText());
    }

    private static String raw(String field) {
        return stable(() -> browser.findElement(By.cssSelector("[data-field='" + field + "']")).getAttribute("data-raw"));
    }

    /**
     * Reads the page, again when what was read was replaced meanwhile: the page re-renders its
     * numbers whenever the node's event stream brings something, so an element may go stale
     * between finding it and reading it.
     */
    static <T> T stable(Supplier<T> read) {
        for (int attempt = 0; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException e) {
                if (attempt == 20) throw e;
            }
        }
    }

    static void stable(Runnable check) {
        stable(() -> {
            check.run();
            return null;
        });
    }

    static void waitUntil(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) return;
                last = null;
            } catch (RuntimeException e) { // an element replaced while we looked: look again
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        String page = browser.findElement(By.tagName("main")).getText();
        throw new AssertionError("waited 20 s for " + what + (last != null ? " (" + last.getMessage().lines().findFirst().orElse("") + ")" : "")
                + "; the page says:\n" + page);
    }

    /** A screenshot at desktop and at phone width (390 px), for a person to look at. */
    private static void shoot(String page) throws Exception {
        Dimension desktop = browser.manage().window().getSize();
        whole(1280);
        Files.write(SHOTS.resolve(page + "-desktop.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        whole(390);
        Files.write(SHOTS.resolve(page + "-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        Long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Object wide = browser.executeScript("const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right + window.scrollX > w && !e.closest('.scroll')).slice(0, 5)"
                + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right + window.scrollX)).join(', ') + ' scrollX ' + window.scrollX");
        assertThat(overflow).as(page + " fits a phone's width (tables scroll inside their box); too wide by " + overflow + ": " + wide).isLessThanOrEqualTo(0L);
        browser.manage().window().setSize(desktop);
    }

    /** The window at this width and tall enough for the whole page (a screenshot is of the window), scrolled to the top. */
    private static void whole(int width) throws InterruptedException {
        browser.manage().window().setSize(new Dimension(width, 900));
        Thread.sleep(200); // the layout follows the width
        long height = (Long) browser.executeScript("window.scrollTo(0, 0); return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(width, (int) Math.min(6000, height + 120)));
        Thread.sleep(200);
    }

    // ==================================================================== the node's reads

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String tokens(String units) {
        return new BigDecimal(units).movePointRight(18).toBigIntegerExact().toString();
    }

    /** A raw amount as the page shows it: token units, exact, thousands grouped with commas. */
    static String units(BigInteger raw) {
        BigInteger[] qr = raw.divideAndRemainder(E18);
        String whole = String.format("%,d", qr[0]);
        String frac = String.format("%018d", qr[1]).replaceAll("0+$", "");
        return frac.isEmpty() ? whole : whole + "." + frac;
    }
}
