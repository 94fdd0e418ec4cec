// The hs1c widget for the amoCRM deal card (location lcard-1): tells whether the deal has a 1C order and
// opens that order in a modal, read live from 1C through the hs1c proxy. Data from the proxy reaches the
// page only as text (textContent), never as HTML: 1C names are free text typed by people.
define(['jquery', 'lib/components/base/modal'], function ($, Modal) {
  'use strict';

  var API_PREFIX = '/_hs1c/widget/v1';
  // 1C may spend tens of seconds starting a session after idle; the proxy answers within its own budget,
  // so this only catches a proxy that never answers.
  var REQUEST_TIMEOUT_MS = 60000;
  var EVENT_NAMESPACE = '.hs1cWidget';
  var STYLE_ID = 'hs1c-widget-style';
  var INSTANCE_ATTRIBUTE = 'data-hs1c-instance';
  var DEFAULT_LOCALE = 'ru-RU';
  var MONEY_DIGITS = 2;
  var QUANTITY_DIGITS = 3;
  var HTTP_UNAUTHORIZED = 401;
  var HTTP_FORBIDDEN = 403;
  var HTTP_SERVER_ERROR = 500;
  var ORDER_NOT_FOUND = 'order_not_found';
  // 1C writes an unset date as its minimal date rather than leaving it empty.
  var EMPTY_1C_DATE = /^0001-01-01/;
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;
  var CLASS = {
    widget: 'hs1c-widget',
    content: 'hs1c-widget__content',
    quiet: 'hs1c-widget__quiet',
    error: 'hs1c-widget__error',
    number: 'hs1c-widget__number',
    open: 'hs1c-widget__open',
    modal: 'hs1c-order-modal',
    order: 'hs1c-order',
    title: 'hs1c-order__title',
    meta: 'hs1c-order__meta',
    lines: 'hs1c-order__lines',
    numeric: 'hs1c-order__numeric',
    total: 'hs1c-order__total',
    status: 'hs1c-order__status',
    statusError: 'hs1c-order__status hs1c-order__status_error',
  };
  // Table columns: the i18n key of the header and how a line's field is shown.
  var COLUMNS = [
    { key: 'column_name', field: 'name' },
    { key: 'column_parameter', field: 'parameter' },
    { key: 'column_value', field: 'value' },
    { key: 'column_quantity', field: 'quantity', digits: QUANTITY_DIGITS },
    { key: 'column_unit', field: 'unit' },
    { key: 'column_price', field: 'price', digits: MONEY_DIGITS, money: true },
    { key: 'column_sum', field: 'sum', digits: MONEY_DIGITS, money: true },
  ];

  // Each widget object gets its own id so its DOM and handlers never mix with another instance's.
  var instances = 0;

  function element(tag, className, text) {
    var $el = $(document.createElement(tag));
    if (className) $el.addClass(className);
    if (text !== undefined) $el.text(text);
    return $el;
  }

  function hasText(value) {
    return typeof value === 'string' && value.trim() !== '';
  }

  function pageLocale() {
    var lang = document.documentElement.lang;
    return hasText(lang) ? lang : DEFAULT_LOCALE;
  }

  function formatNumber(value, digits, money, empty) {
    if (typeof value === 'number' && isFinite(value)) {
      var options = { minimumFractionDigits: money ? digits : 0, maximumFractionDigits: digits };
      try {
        return new Intl.NumberFormat(pageLocale(), options).format(value);
      } catch (e) {
        return new Intl.NumberFormat(DEFAULT_LOCALE, options).format(value);
      }
    }
    // 1C sometimes sends numbers as already formatted strings ("1 234,50"): show them as they are.
    return hasText(value) ? value.trim() : empty;
  }

  function formatDate(value, empty) {
    if (!hasText(value) || EMPTY_1C_DATE.test(value)) return empty;
    var m = ISO_DATE.exec(value);
    if (!m) return value.trim();
    return m[3] + '.' + m[2] + '.' + m[1] + (m[4] ? ' ' + m[4] + ':' + m[5] : '');
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  return function () {
    var self = this;
    var instance = ++instances;
    var namespace = EVENT_NAMESPACE + instance;
    // Bumped by destroy() so answers arriving afterwards are dropped.
    var generation = 0;
    var $panel = null;  // everything the panel shows, removed by destroy()
    var $content = null;  // the part of the panel this widget fills
    var modal = null;
    var openToken = null;  // identifies the open modal, so a closed one's late answer is dropped
    var order = null;  // {onecId, number} of the deal's order, once known
    var ownStyle = false;

    function text(key) {
      var section = self.i18n('ui');
      return section && typeof section[key] === 'string' ? section[key] : key;
    }

    function statusText(status) {
      var names = self.i18n('statuses');
      if (typeof status === 'string' && isObject(names) && Object.prototype.hasOwnProperty.call(names, status) &&
          typeof names[status] === 'string') {
        return names[status];
      }
      return hasText(status) ? status.trim() : text('empty');
    }

    function proxyUrl() {
      var settings = self.get_settings() || {};
      return hasText(settings.proxy_url) ? settings.proxy_url.trim().replace(/\/+$/, '') : '';
    }

    function leadId() {
      var card = window.AMOCRM && AMOCRM.data && AMOCRM.data.current_card;
      var id = card ? Number(card.id) : 0;
      return Number.isInteger(id) && id > 0 ? id : 0;
    }

    function errorKey(xhr, textStatus) {
      var status = xhr && typeof xhr.status === 'number' ? xhr.status : 0;
      var body = xhr && xhr.responseJSON;
      if (textStatus === 'timeout') return 'error_server';
      if (status === 0) return 'error_network';
      if (status === HTTP_UNAUTHORIZED || status === HTTP_FORBIDDEN) return 'error_auth';
      if (isObject(body) && isObject(body.error) && body.error.code === ORDER_NOT_FOUND) return 'error_not_found';
      if (status >= HTTP_SERVER_ERROR) return 'error_server';
      return 'error_answer';
    }

    // GET from the proxy with amoCRM's disposable token; `isCurrent` tells whether the answer still
    // has a place on the page to go to.
    function load(path, isCurrent, onData, onError) {
      var base = proxyUrl();
      if (!base) {
        onError('error_settings');
        return;
      }
      self.$authorizedAjax({ url: base + API_PREFIX + path, method: 'GET', dataType: 'json', timeout: REQUEST_TIMEOUT_MS })
        .then(function (data) {
          if (isCurrent()) onData(data);
        }, function (xhr, textStatus) {
          if (isCurrent()) onError(errorKey(xhr, textStatus));
        });
    }

    function addStyle() {
      // Real amoCRM does not link a widget's style.css; the card stand does, and has no `path`.
      var settings = self.get_settings() || {};
      if (!hasText(settings.path) || document.getElementById(STYLE_ID)) return;
      var link = document.createElement('link');
      link.id = STYLE_ID;
      link.rel = 'stylesheet';
      link.href = settings.path.replace(/\/+$/, '') + '/style.css?v=' + encodeURIComponent(self.get_version() || '');
      document.head.appendChild(link);
      ownStyle = true;
    }

    function showInPanel(parts) {
      $content.empty().append(parts);
    }

    function showLeadOrder(data) {
      if (!isObject(data)) {
        showInPanel(element('div', CLASS.error, text('error_answer')));
        return;
      }
      if (!hasText(data.onec_id)) {
        order = null;
        showInPanel(element('div', CLASS.quiet, text('no_order')));
        return;
      }
      order = { onecId: data.onec_id, number: hasText(data.number) ? data.number.trim() : '' };
      var $button = element('button', 'button-input ' + CLASS.open, text('open_order')).attr('type', 'button');
      var parts = [];
      if (order.number) parts.push(element('div', CLASS.number, text('order_caption') + ' ' + order.number));
      parts.push($button);
      showInPanel(parts);
    }

    function renderPanel() {
      var id = leadId();
      if (!id) return;
      if ($panel) {
        $panel.remove();
        generation += 1;
      }
      var current = generation;
      self.render_template({
        caption: { class_name: CLASS.widget },
        body: '',
        render: '<div class="' + CLASS.content + '" ' + INSTANCE_ATTRIBUTE + '="' + instance + '"></div>',
      });
      $content = $('[' + INSTANCE_ATTRIBUTE + '="' + instance + '"]');
      var $wrapper = $content.closest('.' + CLASS.widget);
      $panel = $wrapper.length ? $wrapper : $content;
      showInPanel(element('div', CLASS.quiet, text('loading')));
      load('/leads/' + id + '/order', function () { return current === generation; }, showLeadOrder, function (key) {
        showInPanel(element('div', CLASS.error, text(key)));
      });
    }

    function orderTable(items) {
      var $table = element('table', CLASS.lines);
      var $head = element('tr');
      COLUMNS.forEach(function (c) {
        $head.append(element('th', c.digits ? CLASS.numeric : '', text(c.key)));
      });
      var $body = element('tbody');
      items.forEach(function (item) {
        var line = isObject(item) ? item : {};
        var $row = element('tr');
        COLUMNS.forEach(function (c) {
          var value = line[c.field];
          var shown = c.digits ? formatNumber(value, c.digits, c.money, text('empty'))
            : (hasText(value) ? value : text('empty'));
          $row.append(element('td', c.digits ? CLASS.numeric : '', shown));
        });
        $body.append($row);
      });
      return $table.append(element('thead').append($head), $body);
    }

    function orderView(data) {
      var items = Array.isArray(data.items) ? data.items : [];
      var number = hasText(data.number) ? data.number.trim() : (order ? order.number : '');
      return [
        element('h2', CLASS.title, text('order_title') + ' ' + (number || text('empty'))),
        element('dl', CLASS.meta).append(
          element('dt', '', text('date')), element('dd', '', formatDate(data.date, text('empty'))),
          element('dt', '', text('status')), element('dd', '', statusText(data.status))),
        items.length ? orderTable(items) : element('div', CLASS.status, text('no_lines')),
        element('div', CLASS.total, text('total') + ': ' + formatNumber(data.total, MONEY_DIGITS, true, text('empty'))),
      ];
    }

    function openOrder() {
      if (openToken || !order) return;
      var onecId = order.onecId;
      var token = {};
      openToken = token;
      var isOpen = function () { return openToken === token; };
      modal = new Modal({
        class_name: CLASS.modal,
        init: function ($body) {
          var $order = element('div', CLASS.order).append(element('div', CLASS.status, text('order_loading')));
          var $close = element('span', 'modal-body__close').attr({ title: text('close'), 'aria-label': text('close') })
            .append(element('span', 'icon icon-modal-close'));
          // amoCRM shows the window on modal:loaded and re-centres it on modal:centrify.
          $body.trigger('modal:loaded').append($order, $close).trigger('modal:centrify');
          load('/orders/' + encodeURIComponent(onecId), isOpen, function (data) {
            $order.empty().append(isObject(data) ? orderView(data)
              : element('div', CLASS.statusError, text('error_answer')));
            $body.trigger('modal:centrify');
          }, function (key) {
            $order.empty().append(element('div', CLASS.statusError, text(key)));
          });
        },
        destroy: function () {
          if (!isOpen()) return;
          openToken = null;
          modal = null;
        },
      });
    }

    this.callbacks = {
      init: function () {
        addStyle();
        return true;
      },
      render: function () {
        renderPanel();
        return true;
      },
      bind_actions: function () {
        $(document).off(namespace).on('click' + namespace, '[' + INSTANCE_ATTRIBUTE + '="' + instance + '"] .' + CLASS.open, openOrder);
        return true;
      },
      settings: function () {
        return true;
      },
      onSave: function () {
        return true;
      },
      destroy: function () {
        generation += 1;
        $(document).off(namespace);
        if (modal && typeof modal.destroy === 'function') modal.destroy();
        modal = null;
        openToken = null;
        order = null;
        if ($panel) $panel.remove();
        $panel = null;
        $content = null;
        if (ownStyle) $('#' + STYLE_ID).remove();
        ownStyle = false;
      },
    };
    return this;
  };
});
