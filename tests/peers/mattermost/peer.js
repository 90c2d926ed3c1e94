// Independent peer: the official @mattermost/client drives `vereint sim mattermost`.
// Usage: node peer.js URL ADMIN_TOKEN   (NODE_PATH must contain the client's node_modules)
// Prints one line per step; exits non-zero at the first step that fails.
'use strict';
const { Client4 } = require('@mattermost/client');
const assert = require('node:assert/strict');

const [url, token] = process.argv.slice(2);

function client(tok) {
    const c = new Client4();
    c.setUrl(url);
    c.setToken(tok);
    return c;
}

async function step(name, fn) {
    try {
        await fn();
        console.log(`ok ${name}`);
    } catch (e) {
        console.log(`FAILED ${name}: ${e && (e.server_error_id || '')} ${e && e.message}`);
        process.exit(1);
    }
}

(async () => {
    const admin = client(token);
    let team, channel, bot, botToken;
    await step('ping', async () => {
        const p = await admin.ping(true);
        assert.equal(p.status, 'OK');
        assert.equal(p.database_status, 'OK');
        assert.equal(p.filestore_status, 'OK');
    });
    await step('me', async () => {
        const me = await admin.getMe();
        assert.match(me.roles, /system_admin/);
    });
    await step('team', async () => {
        team = await admin.createTeam({ name: 'peer-team', display_name: 'Peer Team', type: 'I' });
        assert.equal(team.type, 'I');
        const byName = await admin.getTeamByName('peer-team');
        assert.equal(byName.id, team.id);
    });
    await step('missing team is a ClientError with the server id', async () => {
        await assert.rejects(admin.getTeamByName('no-such-team'), (e) => {
            assert.equal(e.server_error_id, 'app.team.get_by_name.missing.app_error');
            assert.equal(e.status_code, 404);
            return true;
        });
    });
    await step('invite', async () => {
        const info = await client('').getTeamInviteInfo(team.invite_id);
        assert.equal(info.id, team.id);
        const regenerated = await admin.regenerateTeamInviteId(team.id);
        assert.notEqual(regenerated.invite_id, team.invite_id);
        await assert.rejects(client('').getTeamInviteInfo(team.invite_id));
        assert.equal((await client('').getTeamInviteInfo(regenerated.invite_id)).id, team.id);
    });
    await step('channel', async () => {
        channel = await admin.createChannel({ team_id: team.id, name: 'vorstand', display_name: 'Vorstand', type: 'P' });
        assert.equal(channel.team_id, team.id);
    });
    await step('bot', async () => {
        bot = await admin.createBot({ username: 'peer-bot', display_name: 'Peer', description: 'peer test' });
        assert.ok(bot.user_id);
    });
    await step('member', async () => {
        const tm = await admin.addToTeam(team.id, bot.user_id);
        assert.equal(tm.user_id, bot.user_id);
        const cm = await admin.addToChannel(bot.user_id, channel.id);
        assert.equal(cm.user_id, bot.user_id);
    });
    await step('token', async () => {
        botToken = await admin.createUserAccessToken(bot.user_id, 'peer token');
        assert.ok(botToken.token);
        const me = await client(botToken.token).getMe();
        assert.equal(me.id, bot.user_id);
        assert.equal(me.is_bot, true);
    });
})();
