// The demo page: one player of each kind on the same content, each attached to one OpenQoE
// instance. Plain ES2019 with no build step; the SDK, its adapter add-ons and the players are
// loaded by <script> tags. window.OPENQOE_CONFIG comes from /config.js (receiver URL, API key).
(function () {
  'use strict';
  var config = window.OPENQOE_CONFIG || {};
  var receiverUrl = config.receiverUrl || 'http://localhost:8788';
  document.getElementById('receiver').textContent = receiverUrl;

  var qoe = new OpenQoE.OpenQoE({
    endpoint: receiverUrl,
    apiKey: config.apiKey || 'openqoe-dev-key',
    serviceName: 'openqoe-demo',
    environment: 'demo',
    maxBatchDelayMs: 2000,
  });

  var media = new URL('media/', location.href).href;
  var content = {
    mp4: media + 'progressive.mp4',
    hls: media + 'hls/master.m3u8',
    dash: media + 'dash/manifest.mpd',
  };

  // Wraps an adapter so the panel can list the signals it gives the SDK (the SDK itself is
  // unchanged: every signal is passed on as it came).
  function logging(adapter, log) {
    return {
      playerName: adapter.playerName,
      playerVersion: adapter.playerVersion,
      attach: function (context) {
        return adapter.attach({
          clock: context.clock,
          currentViewId: context.currentViewId,
          emit: function (signal) {
            if (signal.kind !== 'frame' && signal.kind !== 'progress') log(signal);
            context.emit(signal);
          },
        });
      },
      detach: function () {
        adapter.detach();
      },
    };
  }

  function panel(id, title) {
    var section = document.createElement('section');
    section.id = id;
    section.innerHTML =
      '<h2></h2><div class="stage"></div>' +
      '<div>view id: <span class="view-id">none yet</span></div><ol></ol>';
    section.querySelector('h2').textContent = title;
    document.getElementById('players').appendChild(section);
    var video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.controls = true;
    video.setAttribute('data-player', id);
    section.querySelector('.stage').appendChild(video);
    var list = section.querySelector('ol');
    var counts = {};
    return {
      video: video,
      counts: counts,
      log: function (signal) {
        counts[signal.kind] = (counts[signal.kind] || 0) + 1;
        var item = document.createElement('li');
        var detail =
          signal.kind === 'error' ? ' ' + signal.error.type + ' ' + signal.error.code : '';
        if (signal.kind === 'rendition_rendered' && signal.rendition.height) {
          detail = ' ' + signal.rendition.height + 'p';
        }
        item.textContent = new Date().toISOString().slice(11, 23) + ' ' + signal.kind + detail;
        list.insertBefore(item, list.firstChild);
        while (list.children.length > 50) list.removeChild(list.lastChild);
      },
      showViewId: function (handle) {
        section.querySelector('.view-id').textContent = handle.viewId || 'none (no view active)';
      },
    };
  }

  var players = [];

  function add(id, title, create) {
    var p = panel(id, title);
    var made = create(p.video);
    var adapter = made.adapter
      ? logging(made.adapter, p.log)
      : logging(OpenQoE.html5Adapter(p.video), p.log);
    var handle = qoe.attachPlayer(adapter, {
      contentId: 'demo-clip',
      title: 'OpenQoE test pattern',
    });
    players.push({ id: id, panel: p, handle: handle, play: made.play, player: made.player });
    setInterval(function () {
      p.showViewId(handle);
    }, 500);
  }

  add('html5', 'HTML5 <video> (progressive MP4)', function (video) {
    video.src = content.mp4;
    return { play: () => video.play() };
  });

  add('hlsjs', 'hls.js ' + Hls.version, function (video) {
    var hls = new Hls({ cmcd: { contentId: 'demo-clip' } });
    hls.attachMedia(video);
    hls.loadSource(content.hls);
    return { player: hls, adapter: OpenQoE.hlsJsAdapter(hls), play: () => video.play() };
  });

  add('dashjs', 'dash.js', function (video) {
    var player = dashjs.MediaPlayer().create();
    player.updateSettings({ streaming: { cmcd: { enabled: true, cid: 'demo-clip' } } });
    player.initialize(video, content.dash, false);
    return { player: player, adapter: OpenQoE.dashJsAdapter(player), play: () => video.play() };
  });

  add('shaka', 'Shaka Player ' + shaka.Player.version, function (video) {
    shaka.polyfill.installAll();
    var player = new shaka.Player();
    player.configure({ cmcd: { enabled: true, contentId: 'demo-clip' } });
    // The adapter is attached before load(), so Shaka's own rendered-quality events are on.
    var adapter = OpenQoE.shakaAdapter(player);
    var loaded = player
      .attach(video)
      .then(function () {
        return player.load(content.dash);
      })
      .catch(function (error) {
        console.error('Shaka', error);
      });
    // Play once Shaka holds the element: the adapter observes it from the load on.
    return {
      player: player,
      adapter: adapter,
      play: function () {
        return loaded.then(function () {
          return video.play();
        });
      },
    };
  });

  add('videojs', 'Video.js ' + videojs.VERSION, function (video) {
    video.className = 'video-js';
    var player = videojs(video, { controls: true, muted: true, fluid: true });
    player.src({ src: content.hls, type: 'application/x-mpegURL' });
    return { player: player, adapter: OpenQoE.videoJsAdapter(player), play: () => player.play() };
  });

  function playAll() {
    players.forEach(function (p) {
      Promise.resolve(p.play()).catch(function (error) {
        console.warn(p.id, 'play refused', error);
      });
    });
  }
  document.getElementById('play-all').addEventListener('click', playAll);

  // For tests and the console.
  window.demo = {
    qoe: qoe,
    players: players,
    playAll: playAll,
    viewIds: function () {
      var ids = {};
      players.forEach(function (p) {
        ids[p.id] = p.handle.viewId || null;
      });
      return ids;
    },
  };
  if (new URLSearchParams(location.search).get('autoplay') === '1') playAll();
})();
